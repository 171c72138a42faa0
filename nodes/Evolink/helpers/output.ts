/**
 * The shape of what the node hands to the next node.
 */
import type { IBinaryData, IBinaryKeyData, IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { downloadImage } from '../transport';
import type { ItemResult } from './batch';
import type { Limiter } from './batch';
import { asNodeError } from './batch';
import { EvolinkFailure, taskFailedError, toNodeApiError, waitTimeoutError } from './errors';
import { isCancelled } from './pause';
import type { WaitOutcome } from './poller';
import type { EvolinkTask } from './schemas';

export type OutputMode = 'perTask' | 'perImage';

/** The task as Evolink sent it, plus `imageUrls` so the next node need not know the API. */
export function taskJson(task: EvolinkTask): IDataObject {
	const json = { ...task } as IDataObject;
	if (task.results) json.imageUrls = [...task.results];
	return json;
}

/** One item per task, or one per image with `imageUrl` and `imageIndex` beside the task fields. */
export function outputsFor(task: EvolinkTask, mode: OutputMode): Array<{ json: IDataObject }> {
	const json = taskJson(task);
	const urls = task.results ?? [];
	if (mode === 'perTask' || urls.length === 0) return [{ json }];
	return urls.map((imageUrl, imageIndex) => ({ json: { ...json, imageUrl, imageIndex } }));
}

export interface DownloadOptions {
	/** Binary field name; `data` then `data_1`, `data_2`, … when one item holds several images. */
	binaryPropertyName: string;
	maxBytes: number;
	/** Gate shared by every download of the run, so that only a few run at once. */
	limiter: Limiter;
}

/**
 * Downloads every image of the completed results into n8n binary data, a few at a time, and
 * attaches each to its output item. A failed download turns its item into an error that still
 * carries the task id and all image URLs: the task is paid for and must not be lost.
 */
export async function attachImages(ctx: IExecuteFunctions, results: ItemResult[], options: DownloadOptions): Promise<ItemResult[]> {
	const jobs = results.flatMap((result) =>
		result.error || !result.imageUrls?.length ? [] : result.imageUrls.map((url, imageIndex) => ({ result, url, imageIndex })),
	);
	const files = new Map<ItemResult, Array<IBinaryData | undefined>>();
	const failures = new Map<ItemResult, ItemResult['error']>();
	await Promise.all(
		jobs.map(({ result, url, imageIndex }) => options.limiter(async () => {
			if (failures.has(result) || isCancelled(ctx)) return;
			try {
				const binary = await downloadImage(ctx, {
					url,
					baseName: `${result.taskId}-${imageIndex + 1}`,
					maxBytes: options.maxBytes,
				});
				const list = files.get(result) ?? [];
				list[imageIndex] = binary;
				files.set(result, list);
			} catch (error) {
				const nodeError = asNodeError(ctx, error, result.itemIndex, { taskId: result.taskId, imageIndex });
				if (!failures.has(result)) failures.set(result, nodeError);
			}
		})),
	);
	return results.map((result) => {
		const failure = failures.get(result);
		if (failure) return { itemIndex: result.itemIndex, taskId: result.taskId, imageUrls: result.imageUrls, error: failure };
		const images = files.get(result);
		if (!images || !result.outputs) return result;
		const name = (index: number) => (index === 0 ? options.binaryPropertyName : `${options.binaryPropertyName}_${index}`);
		const outputs = result.outputs.map((out, k) => {
			if (result.outputs!.length === images.length) {
				// One item per image: each carries its own file.
				return { ...out, binary: { [options.binaryPropertyName]: images[k] as IBinaryData } };
			}
			const binary: IBinaryKeyData = {};
			images.forEach((image, index) => {
				if (image) binary[name(index)] = image;
			});
			return { ...out, binary };
		});
		return { ...result, outputs };
	});
}

/** Turns how waiting ended into the item's result. */
export function outcomeToResult(node: INode, itemIndex: number, outcome: WaitOutcome, mode: OutputMode): ItemResult {
	switch (outcome.state) {
		case 'completed':
			return {
				itemIndex,
				taskId: outcome.task.id,
				outputs: outputsFor(outcome.task, mode),
				imageUrls: outcome.task.results ?? [],
			};
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
