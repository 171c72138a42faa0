/**
 * The shape of what the node hands to the next node: a task's JSON, one item per task or per
 * image, and how a wait's outcome becomes an item's result.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import type { EvolinkTask } from '../rules/answers';
import { isCompleted } from '../rules/answers';
import { EvolinkFailure } from '../transport/failure';
import type { ItemResult } from './batch';
import { noResultsError, taskFailedError, toNodeApiError, waitTimeoutError } from './nodeErrors';
import type { WaitOutcome } from './poller';

export type OutputMode = 'perTask' | 'perImage';

/** The task as Evolink sent it, plus `imageUrls` so the next node need not know the API. */
export function taskJson(task: EvolinkTask): IDataObject {
	const json = { ...task } as IDataObject;
	if (task.results) json.imageUrls = [...task.results];
	return json;
}

/** One item per task, or one per image with `imageUrl` and `imageIndex` beside the task fields. */
function outputsFor(task: EvolinkTask, mode: OutputMode): Array<{ json: IDataObject }> {
	const json = taskJson(task);
	const urls = task.results ?? [];
	if (mode === 'perTask' || urls.length === 0) return [{ json }];
	return urls.map((imageUrl, imageIndex) => ({ json: { ...json, imageUrl, imageIndex } }));
}

/**
 * A task as the item's result: its output items, or an error when Evolink calls it completed but
 * lists no image (never a success with nothing in it).
 */
export function taskResult(node: INode, itemIndex: number, task: EvolinkTask, mode: OutputMode): ItemResult {
	const imageUrls = task.results ?? [];
	if (isCompleted(task.status) && imageUrls.length === 0) {
		return { itemIndex, taskId: task.id, error: noResultsError(node, task, itemIndex) };
	}
	return { itemIndex, taskId: task.id, outputs: outputsFor(task, mode), imageUrls };
}

/** Turns how waiting ended into the item's result. */
export function outcomeToResult(node: INode, itemIndex: number, outcome: WaitOutcome, mode: OutputMode): ItemResult {
	switch (outcome.state) {
		case 'completed':
			return taskResult(node, itemIndex, outcome.task, mode);
		case 'failed':
			return { itemIndex, taskId: outcome.task.id, error: taskFailedError(node, outcome.task, itemIndex) };
		case 'timeout':
			return {
				itemIndex,
				taskId: outcome.taskId,
				error: waitTimeoutError(node, outcome.taskId, outcome.waitedMs / 1000, outcome.lastStatus, itemIndex),
			};
		case 'error':
			return {
				itemIndex,
				taskId: outcome.taskId,
				error: toNodeApiError(node, outcome.failure, { itemIndex, taskId: outcome.taskId }),
			};
		case 'cancelled':
			return {
				itemIndex,
				taskId: outcome.taskId,
				error: toNodeApiError(
					node,
					new EvolinkFailure({ kind: 'cancelled', method: 'GET', path: `/v1/tasks/${outcome.taskId}` }),
					{ itemIndex, taskId: outcome.taskId },
				),
			};
	}
}
