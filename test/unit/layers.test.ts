/**
 * The layering check that `npm run lint` runs (scripts/check-layers.js): it must catch an upward
 * import in every form a source can write it, and let the allowed directions through.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS script without typings
const { checkLayers } = require('../../scripts/check-layers');

const file = (path: string, source: string) => ({ path, source });

describe('checkLayers', () => {
	it('accepts imports downwards and within a layer', () => {
		expect(
			checkLayers([
				file('nodes/Evolink/engine/poller.ts', "import { isCompleted } from '../rules/answers';\nimport { backoffMs } from '../transport/http';\nimport type { ItemResult } from './batch';"),
				file('nodes/Evolink/actions/image/create.operation.ts', "import { submitTasks } from '../../engine/submit';"),
				file('nodes/Evolink/Evolink.node.ts', "import { router } from './actions/router';"),
				file('credentials/EvolinkApi.credentials.ts', "import { DEFAULT_BASE_URL } from '../nodes/Evolink/rules/limits';"),
				file('nodes/Evolink/rules/request.ts', "import { z } from 'zod';\nimport type { INode } from 'n8n-workflow';"),
			]),
		).toEqual([]);
	});

	it('names every upward import, single- or multi-line, type-only or not', () => {
		const problems: string[] = checkLayers([
			file('nodes/Evolink/transport/client.ts', "import {\n\tsubmitTasks,\n} from '../engine/submit';"),
			file('nodes/Evolink/rules/limits.ts', "import type { PollOptions } from '../engine/poller';"),
			file('nodes/Evolink/engine/batch.ts', "export { readConcurrency } from '../actions/options';"),
			file('credentials/EvolinkApi.credentials.ts', "import { CREDENTIAL_TYPE } from '../nodes/Evolink/transport/http';"),
		]);
		expect(problems).toEqual([
			'nodes/Evolink/transport/client.ts (transport) imports "../engine/submit" from a higher layer (engine)',
			'nodes/Evolink/rules/limits.ts (rules) imports "../engine/poller" from a higher layer (engine)',
			'nodes/Evolink/engine/batch.ts (engine) imports "../actions/options" from a higher layer (actions)',
			'credentials/EvolinkApi.credentials.ts (credentials) imports "../nodes/Evolink/transport/http" from a higher layer (transport)',
		]);
	});

	it('keeps rules pure and refuses folders outside the layers', () => {
		expect(
			checkLayers([
				file('nodes/Evolink/rules/request.ts', "import { sleep } from 'n8n-workflow';"),
				file('nodes/Evolink/helpers/misc.ts', ''),
			]),
		).toEqual([
			'nodes/Evolink/rules/request.ts: rules/ must stay pure, but imports "n8n-workflow" at run time',
			'nodes/Evolink/helpers/misc.ts: in an unknown folder "helpers"; put it in one of rules/, transport/, engine/, actions/',
		]);
	});

	it('lets the trigger node import rules, transport and engine, but not actions/ or the Evolink node, and nothing import it', () => {
		expect(
			checkLayers([
				file(
					'nodes/EvolinkTrigger/EvolinkTrigger.node.ts',
					"import { verifyCallback } from '../Evolink/engine/callbacks';\nimport { createEvolinkClient } from '../Evolink/transport/client';\nimport { isCompleted } from '../Evolink/rules/answers';\nimport { helper } from './helper';",
				),
			]),
		).toEqual([]);
		expect(
			checkLayers([
				file('nodes/EvolinkTrigger/EvolinkTrigger.node.ts', "import { readDownloadOptions } from '../Evolink/actions/options';\nimport { Evolink } from '../Evolink/Evolink.node';"),
				file('nodes/Evolink/engine/callbacks.ts', "import type { EvolinkTrigger } from '../../EvolinkTrigger/EvolinkTrigger.node';"),
			]),
		).toEqual([
			'nodes/EvolinkTrigger/EvolinkTrigger.node.ts (trigger) imports "../Evolink/actions/options" from a higher layer (actions)',
			'nodes/EvolinkTrigger/EvolinkTrigger.node.ts (trigger) imports "../Evolink/Evolink.node" from a higher layer (node)',
			'nodes/Evolink/engine/callbacks.ts (engine) imports "../../EvolinkTrigger/EvolinkTrigger.node" from the trigger node',
		]);
	});
});
