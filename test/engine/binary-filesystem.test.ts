/**
 * The same binary paths in n8n's filesystem binary mode (n8n 2.x's default, and what n8n 1.x
 * uses with N8N_DEFAULT_BINARY_DATA_MODE=filesystem): files are stored on disk and items carry
 * only a reference. Jest gives each test file its own module registry, so this file's mode
 * does not leak into the in-memory tests.
 */
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import { png } from '../fixtures/images';
import { expectUndeclaredOversizeStopped, runNode, useSimulator } from './setup';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS tooling (harness, simulator, PNG maker) without typings
const { readBinary, setBinaryDataMode, binaryDataService } = require('../harness');

const ctx = useSimulator();
const fastPolling = { minPollInterval: 0.5, pollInterval: 1 };

beforeAll(async () => {
	await setBinaryDataMode('filesystem');
});

it('stores downloaded results on disk, byte for byte', async () => {
	const { sim } = ctx;
	const result = await runNode(sim, { resource: 'image', operation: 'generate', prompt: 'four cats', n: 4, options: fastPolling });
	const [item] = result.itemsOf('Evolink') as INodeExecutionData[];
	const keys = Object.keys(item.binary ?? {});
	expect(keys).toEqual(['data', 'data_1', 'data_2', 'data_3']);
	for (const [index, key] of keys.entries()) {
		const binary = item.binary![key] as IBinaryData;
		expect(binary.id).toMatch(/^filesystem(-v2)?:/);
		expect(binary.mimeType).toBe('image/png');
		const served = Buffer.from(await (await fetch((item.json.imageUrls as string[])[index])).arrayBuffer());
		expect(await readBinary(binary)).toEqual(served);
	}
});

it('uploads reference images that n8n keeps on disk', async () => {
	const { sim } = ctx;
	const photo = png(64, 40);
	const stored: IBinaryData = await binaryDataService().store(
		{ type: 'execution', workflowId: 'harness', executionId: 'input' },
		photo,
		{ mimeType: 'image/png', fileName: 'photo.png', data: '' },
	);
	expect(stored.id).toBeDefined();
	const result = await runNode(
		sim,
		{ resource: 'image', operation: 'create', prompt: 'Make it night', referenceImages: 'binary', imageBinaryFields: 'data' },
		{ input: [{ json: {}, binary: { data: stored } }] },
	);
	expect(result.status).toBe('success');
	expect([...sim.uploads.values()][0].bytes).toEqual(photo);
});

it('stops a download that grows past the cap without declaring its size', () => expectUndeclaredOversizeStopped(ctx.sim));
