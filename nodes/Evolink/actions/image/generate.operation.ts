import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemResult } from '../../engine/batch';
import { assembleOutput } from '../../engine/batch';
import { attachImages } from '../../engine/downloads';
import { waitForTasks } from '../../engine/poller';
import { outcomeToResult } from '../../engine/results';
import { submitTasks } from '../../engine/submit';
import { createEvolinkClient } from '../../transport/client';
import {
	additionalFieldsOption,
	byDisplayName,
	concurrencyOption,
	downloadImagesOn,
	downloadOptions,
	outputModeOption,
	readConcurrency,
	readDownloadOptions,
	readOutputMode,
	readPollOptions,
	waitOptions,
} from '../options';
import { readCreateRequest } from '../request';
import { callbackUrlOption, imageFields, referenceFields, retryOnFailNotice } from './fields';

const properties: INodeProperties[] = [
	...imageFields,
	...referenceFields,
	downloadImagesOn,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: byDisplayName([additionalFieldsOption, callbackUrlOption, concurrencyOption, outputModeOption, ...downloadOptions, ...waitOptions]),
	},
	{
		displayName: 'Result image URLs expire after about 24 hours: save the images if you need them later',
		name: 'expiryNotice',
		type: 'notice',
		default: '',
	},
	retryOnFailNotice,
];

const displayOptions = { show: { resource: ['image'], operation: ['generate'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** Creates one task per item, waits for all of them with one scheduler, returns the images. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await createEvolinkClient(this);
	const pollOptions = readPollOptions(this);
	const outputMode = readOutputMode(this);
	const download = readDownloadOptions(this, true);
	const submitted = await submitTasks(this, client, items.length, readConcurrency(this), async (i) => await readCreateRequest(this, i, 'image'));
	const node = this.getNode();
	// Downloads start as each task completes, while the others are still being waited for.
	const downloads = new Map<number, Promise<ItemResult>>();
	const outcomes = await waitForTasks(
		client,
		submitted
			.filter((s) => s.task)
			.map((s) => ({
				itemIndex: s.itemIndex,
				taskId: s.task!.id,
				startedAt: s.startedAt!,
				estimatedMs: (s.task!.task_info?.estimated_time ?? 0) * 1000 || undefined,
			})),
		pollOptions,
		(itemIndex, outcome) => {
			if (!download || outcome.state !== 'completed') return;
			const result = outcomeToResult(node, itemIndex, outcome, outputMode);
			downloads.set(itemIndex, attachImages(client, node, [result], download).then(([withFiles]) => withFiles));
		},
	);
	const results: ItemResult[] = await Promise.all(
		submitted.map(async (s) => {
			const outcome = outcomes.get(s.itemIndex);
			return (await downloads.get(s.itemIndex)) ?? (outcome ? outcomeToResult(node, s.itemIndex, outcome, outputMode) : s);
		}),
	);
	return assembleOutput(this, results);
}
