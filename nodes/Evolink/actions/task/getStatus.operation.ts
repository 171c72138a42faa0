import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemResult } from '../../engine/batch';
import { assembleOutput, eachItem, mapWithConcurrency } from '../../engine/batch';
import { attachImages } from '../../engine/downloads';
import { asNodeError, inputError } from '../../engine/nodeErrors';
import { waitForTasks } from '../../engine/poller';
import { outcomeToResult, taskResult } from '../../engine/results';
import { FIELD_LABELS } from '../../rules/labels';
import { describeIssues, taskIdSchema } from '../../rules/request';
import { createEvolinkClient } from '../../transport/client';
import {
	byDisplayName,
	concurrencyOption,
	downloadImagesOff,
	downloadOptionsFor,
	outputModeOption,
	readDownloadOptions,
	readConcurrency,
	readOutputMode,
	readPollOptions,
	waitOptions,
} from '../options';

const whenWaiting = { show: { '/waitForCompletion': [true] } };

const properties: INodeProperties[] = [
	{
		displayName: FIELD_LABELS.taskId,
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
		noDataExpression: true,
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
			{ ...concurrencyOption, displayOptions: { show: { '/waitForCompletion': [false] } } },
			outputModeOption,
			...downloadOptionsFor('image', 'video', 'audio'),
			...waitOptions.map((option) => ({ ...option, displayOptions: whenWaiting })),
		]),
	},
];

const displayOptions = { show: { resource: ['task'], operation: ['getStatus'] } };

export const description = updateDisplayOptions(displayOptions, properties);

function readTaskId(ctx: IExecuteFunctions, itemIndex: number): string {
	const parsed = taskIdSchema.safeParse(ctx.getNodeParameter('taskId', itemIndex, ''));
	if (!parsed.success) throw inputError(ctx.getNode(), itemIndex, describeIssues(parsed.error).map((p) => ({ ...p, field: FIELD_LABELS.taskId })));
	return parsed.data;
}

/** Returns each task's current state, or waits for all of them with one scheduler. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await createEvolinkClient(this);
	const node = this.getNode();
	const outputMode = readOutputMode(this);
	const download = readDownloadOptions(this, false);
	const finish = async (results: ItemResult[]) =>
		assembleOutput(this, download ? await attachImages(client, node, results, download) : results);
	const { values: ids, failed } = await eachItem(this, items.length, async (itemIndex) => readTaskId(this, itemIndex));
	const results: ItemResult[] = [...failed];
	if (this.getNodeParameter('waitForCompletion', 0, false) as boolean) {
		const outcomes = await waitForTasks(
			client,
			ids.map(({ itemIndex, value: taskId }) => ({ itemIndex, taskId, startedAt: Date.now(), pollNow: true })),
			readPollOptions(this),
		);
		for (const { itemIndex } of ids) results.push(outcomeToResult(node, itemIndex, outcomes.get(itemIndex)!, outputMode));
		return await finish(results);
	}
	const queried = await mapWithConcurrency(ids, readConcurrency(this), async ({ itemIndex, value: taskId }): Promise<ItemResult> => {
		try {
			return taskResult(node, itemIndex, await client.getTask(taskId), outputMode);
		} catch (error) {
			return { itemIndex, taskId, error: asNodeError(node, error, itemIndex, { taskId }) };
		}
	});
	for (const result of queried) if (result) results.push(result);
	return await finish(results);
}
