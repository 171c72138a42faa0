import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemResult } from '../../helpers/batch';
import { asNodeError, assembleOutput, mapWithConcurrency } from '../../helpers/batch';
import { inputError } from '../../helpers/errors';
import { attachImages, outcomeToResult, outputsFor } from '../../helpers/output';
import { waitForTasks } from '../../helpers/poller';
import { describeIssues, taskIdSchema } from '../../helpers/schemas';
import { getEndpoints } from '../../transport';
import { queryTask } from '../../transport/evolink';
import {
	byDisplayName,
	downloadImagesOff,
	downloadOptions,
	outputModeOption,
	readDownloadOptions,
	readConcurrency,
	readOutputMode,
	readPollOptions,
	waitOptions,
} from '../common';

const whenWaiting = { show: { '/waitForCompletion': [true] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. task-unified-1757156493-imcg5zqt',
		description: 'The task ID returned by Create or Generate, usually mapped from the previous node with an expression',
		hint: 'e.g. {{ $json.id }} after a Create node',
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description: 'Whether to keep checking until the task is completed or failed, instead of returning its current status',
	},
	downloadImagesOff,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: byDisplayName([
			outputModeOption,
			...downloadOptions,
			...waitOptions.map((option) => ({ ...option, displayOptions: whenWaiting })),
		]),
	},
];

const displayOptions = { show: { resource: ['task'], operation: ['getStatus'] } };

export const description = updateDisplayOptions(displayOptions, properties);

function readTaskId(ctx: IExecuteFunctions, itemIndex: number): string {
	const parsed = taskIdSchema.safeParse(ctx.getNodeParameter('taskId', itemIndex, ''));
	if (!parsed.success) throw inputError(ctx.getNode(), itemIndex, describeIssues(parsed.error).map((p) => ({ ...p, field: 'Task ID' })));
	return parsed.data;
}

/** Returns each task's current state, or waits for all of them with one scheduler. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const endpoints = await getEndpoints(this);
	const outputMode = readOutputMode(this);
	const download = readDownloadOptions(this, false);
	const finish = async (results: ItemResult[]) => assembleOutput(this, download ? await attachImages(this, results, download) : results);
	const wait = this.getNodeParameter('waitForCompletion', 0, false) as boolean;
	const results: ItemResult[] = [];
	const ids: Array<{ itemIndex: number; taskId: string }> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			ids.push({ itemIndex, taskId: readTaskId(this, itemIndex) });
		} catch (error) {
			const nodeError = asNodeError(this, error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			results.push({ itemIndex, error: nodeError });
		}
	}
	if (wait) {
		const outcomes = await waitForTasks(
			this,
			endpoints,
			ids.map(({ itemIndex, taskId }) => ({ itemIndex, taskId, startedAt: Date.now(), pollNow: true })),
			readPollOptions(this),
		);
		for (const { itemIndex } of ids) {
			results.push(outcomeToResult(this.getNode(), itemIndex, outcomes.get(itemIndex)!, outputMode));
		}
		return await finish(results);
	}
	const queried = await mapWithConcurrency(ids, readConcurrency(this), async ({ itemIndex, taskId }): Promise<ItemResult> => {
		try {
			const task = await queryTask(this, endpoints, taskId);
			return { itemIndex, taskId, outputs: outputsFor(task, outputMode), imageUrls: task.results ?? [] };
		} catch (error) {
			const nodeError = asNodeError(this, error, itemIndex, { taskId });
			return { itemIndex, taskId, error: nodeError };
		}
	});
	for (const result of queried) if (result) results.push(result);
	return await finish(results);
}
