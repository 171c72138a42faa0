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

export type ResultKind = 'image' | 'video' | 'audio';

/** What a task's results are, from its `type` (image when Evolink does not say). */
export function resultKind(task: EvolinkTask): ResultKind {
	const type = String(task.type ?? '').toLowerCase();
	return type === 'video' || type === 'audio' ? type : 'image';
}

const NAMES: Record<ResultKind, { list: string; one: string; index: string }> = {
	image: { list: 'imageUrls', one: 'imageUrl', index: 'imageIndex' },
	video: { list: 'videoUrls', one: 'videoUrl', index: 'videoIndex' },
	audio: { list: 'audioUrls', one: 'audioUrl', index: 'trackIndex' },
};

/** A music task's tracks: `result_data[]`, or `result_data.songs[]` as some Suno pages show it. */
function tracksOf(task: EvolinkTask): IDataObject[] | undefined {
	const data = (task as IDataObject).result_data as unknown;
	const list = Array.isArray(data) ? data : Array.isArray((data as IDataObject | undefined)?.songs) ? ((data as IDataObject).songs as unknown[]) : undefined;
	return list?.filter((track): track is IDataObject => typeof track === 'object' && track !== null);
}

/**
 * The task as Evolink sent it, plus the result URLs under a name that says what they are
 * (`imageUrls`, `videoUrls`, `audioUrls` with `tracks`), so the next node need not know the API.
 */
export function taskJson(task: EvolinkTask): IDataObject {
	const json = { ...task } as IDataObject;
	const names = NAMES[resultKind(task)];
	if (task.results) json[names.list] = [...task.results];
	const tracks = tracksOf(task);
	if (tracks) json.tracks = tracks;
	return json;
}

/** One item per task, or one per file (`imageUrl`/`videoUrl`/`audioUrl` with its index, and a track's metadata). */
function outputsFor(task: EvolinkTask, mode: OutputMode): Array<{ json: IDataObject }> {
	const json = taskJson(task);
	const urls = task.results ?? [];
	if (mode === 'perTask' || urls.length === 0) return [{ json }];
	const names = NAMES[resultKind(task)];
	const tracks = tracksOf(task);
	return urls.map((url, index) => {
		const track = tracks?.find((t) => t.audio_url === url) ?? tracks?.[index];
		return { json: { ...json, [names.one]: url, [names.index]: index, ...(track ? { track } : {}) } };
	});
}

/**
 * A task as the item's result: its output items, or an error when Evolink calls it completed but
 * lists no result (never a success with nothing in it).
 */
export function taskResult(node: INode, itemIndex: number, task: EvolinkTask, mode: OutputMode): ItemResult {
	const imageUrls = task.results ?? [];
	if (isCompleted(task.status) && imageUrls.length === 0) {
		return { itemIndex, taskId: task.id, error: noResultsError(node, task, itemIndex) };
	}
	return { itemIndex, taskId: task.id, outputs: outputsFor(task, mode), imageUrls, kind: resultKind(task) };
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
