/**
 * Create and Generate for every output kind (image, video, music): the same fields machinery,
 * the same submit, wait and download, with the kind's models, notices and defaults. Each
 * resource's `*.operation.ts` takes its description and execute from here.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemResult } from '../engine/batch';
import { assembleOutput } from '../engine/batch';
import { attachImages } from '../engine/downloads';
import { waitForTasks } from '../engine/poller';
import { outcomeToResult, taskJson } from '../engine/results';
import { submitTasks } from '../engine/submit';
import { OTHER_MODEL, modelById } from '../rules/models';
import type { OutputKind } from '../rules/models';
import { gpt4oImage } from '../rules/models/gpt-4o-image';
import { createEvolinkClient } from '../transport/client';
import { callbackUrlOption, referenceFields, requestFields, retryOnFailNotice } from './fields';
import {
	additionalFieldsOption,
	byDisplayName,
	concurrencyOption,
	downloadImagesOn,
	downloadOptionsFor,
	outputModeOption,
	readConcurrency,
	readDownloadOptions,
	readOutputMode,
	readPollOptions,
	waitOptionsFor,
} from './options';
import { readCreateRequest } from './request';

const NOUN: Record<OutputKind, { one: string; many: string }> = {
	image: { one: 'image', many: 'images' },
	video: { one: 'video', many: 'videos' },
	audio: { one: 'track', many: 'tracks' },
};

/** How long to wait by default: four times the model's usual time, at least ten minutes (video, music). */
export function defaultTimeoutSeconds(ctx: IExecuteFunctions, output: OutputKind): number | undefined {
	if (output === 'image') return undefined;
	const id = ctx.getNode().typeVersion === 1 ? gpt4oImage.id : String(ctx.getNodeParameter('model', 0, '') ?? '');
	const model = id === OTHER_MODEL ? undefined : modelById(id);
	return Math.max(600, 4 * (model?.expectedSeconds ?? 300));
}

type Execute = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;

/** Create: submits one task per item and returns each task object at once. */
export function createOperation(output: OutputKind): { description: INodeProperties[]; execute: Execute } {
	const properties: INodeProperties[] = [
		...requestFields(output),
		...(output === 'audio' ? [] : referenceFields),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: byDisplayName([additionalFieldsOption, callbackUrlOption, concurrencyOption]),
		},
		{
			displayName: `Create returns at once with the task ID. Fetch the ${NOUN[output].many} later with Task → Get Status, or use a Callback URL.`,
			name: 'createNotice',
			type: 'notice',
			default: '',
		},
		retryOnFailNotice,
	];
	return {
		description: updateDisplayOptions({ show: { resource: [output], operation: ['create'] } }, properties),
		async execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
			const client = await createEvolinkClient(this);
			const submitted = await submitTasks(this, client, items.length, readConcurrency(this), async (i) => await readCreateRequest(this, i, output));
			return assembleOutput(
				this,
				submitted.map(({ task, ...result }) => (task ? { ...result, outputs: [{ json: taskJson(task) }] } : result)),
			);
		},
	};
}

/** Generate: creates one task per item, waits for all of them with one scheduler, returns the files. */
export function generateOperation(output: OutputKind): { description: INodeProperties[]; execute: Execute } {
	const download: INodeProperties =
		output === 'image'
			? downloadImagesOn
			: {
					...downloadImagesOn,
					displayName: 'Download Files',
					description: `Whether to download the ${NOUN[output].many} into binary data for the next node. Result links expire (videos after about 24 hours).`,
				};
	const properties: INodeProperties[] = [
		...requestFields(output),
		...(output === 'audio' ? [] : referenceFields),
		download,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: byDisplayName([
				additionalFieldsOption,
				callbackUrlOption,
				concurrencyOption,
				outputModeOption,
				...downloadOptionsFor(output),
				...waitOptionsFor(output),
			]),
		},
		{
			displayName:
				output === 'image'
					? 'Result image URLs expire after about 24 hours: save the images if you need them later'
					: `${output === 'video' ? 'Videos take minutes' : 'Music takes a few minutes'}: n8n Cloud ends executions after about 5 minutes. There, use Create now and Task → Get Status later (or a Callback URL).`,
			name: 'expiryNotice',
			type: 'notice',
			default: '',
		},
		retryOnFailNotice,
	];
	return {
		description: updateDisplayOptions({ show: { resource: [output], operation: ['generate'] } }, properties),
		async execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
			const client = await createEvolinkClient(this);
			const pollOptions = readPollOptions(this, defaultTimeoutSeconds(this, output));
			const outputMode = readOutputMode(this);
			const files = readDownloadOptions(this, true);
			const submitted = await submitTasks(this, client, items.length, readConcurrency(this), async (i) => await readCreateRequest(this, i, output));
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
						// Evolink's estimate; without one, the model's usual time from the catalogue.
						estimatedMs: ((s.task!.task_info?.estimated_time ?? 0) || (s.expectedSeconds ?? 0)) * 1000 || undefined,
					})),
				pollOptions,
				(itemIndex, outcome) => {
					if (!files || outcome.state !== 'completed') return;
					const result = outcomeToResult(node, itemIndex, outcome, outputMode);
					downloads.set(itemIndex, attachImages(client, node, [result], files).then(([withFiles]) => withFiles));
				},
			);
			const results: ItemResult[] = await Promise.all(
				submitted.map(async (s) => {
					const outcome = outcomes.get(s.itemIndex);
					return (await downloads.get(s.itemIndex)) ?? (outcome ? outcomeToResult(node, s.itemIndex, outcome, outputMode) : s);
				}),
			);
			return assembleOutput(this, results);
		},
	};
}
