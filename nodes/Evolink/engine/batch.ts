/**
 * What every operation does with a batch of items: run work with bounded concurrency, keep
 * input order and `pairedItem`, honour Continue On Fail, and, when it is off, fail with one
 * error that still names every task the batch created, so no paid result is lost.
 */
import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { isCancelled } from '../transport/pause';
import { type NodeError, asNodeError } from './nodeErrors';

/** The result of one input item: its output items, or the error it ended with. */
export interface ItemResult {
	itemIndex: number;
	/** Output items (one per task, or one per image), with their image files when downloaded. */
	outputs?: Array<{ json: IDataObject; binary?: IBinaryKeyData }>;
	error?: NodeError;
	/** Task id created or queried for this item, kept even when the item failed. */
	taskId?: string;
	/** Result URLs (images, videos or tracks) delivered for this item, for downloads and the batch failure summary. */
	imageUrls?: string[];
	/** What the result files are; images when not said. */
	kind?: 'image' | 'video' | 'audio';
}

/** A gate that lets at most `limit` pieces of work run at once, first come first served. */
export type Limiter = <T>(work: () => Promise<T>) => Promise<T>;

export function createLimiter(limit: number): Limiter {
	let active = 0;
	const waiting: Array<() => void> = [];
	const startNext = () => {
		if (active < Math.max(1, limit) && waiting.length) {
			active += 1;
			(waiting.shift() as () => void)();
		}
	};
	return async <T>(work: () => Promise<T>): Promise<T> => {
		await new Promise<void>((resolve) => {
			waiting.push(resolve);
			startNext();
		});
		try {
			return await work();
		} finally {
			active -= 1;
			startNext();
		}
	};
}

/** Runs `work` over `inputs` with at most `limit` at once; skips what has not started when `stop()`. */
export async function mapWithConcurrency<T, R>(
	inputs: T[],
	limit: number,
	work: (input: T) => Promise<R>,
	stop: () => boolean = () => false,
): Promise<Array<R | undefined>> {
	const run = createLimiter(limit);
	return await Promise.all(inputs.map(async (input) => await run(async () => (stop() ? undefined : await work(input)))));
}

/**
 * Continue On Fail, decided here for every operation: runs `step` for each item; a failing
 * item becomes an error result when Continue On Fail is on, and stops the run (before any
 * further request) when it is off.
 */
export async function eachItem<T>(
	ctx: IExecuteFunctions,
	itemCount: number,
	step: (itemIndex: number) => Promise<T>,
): Promise<{ values: Array<{ itemIndex: number; value: T }>; failed: ItemResult[] }> {
	const values: Array<{ itemIndex: number; value: T }> = [];
	const failed: ItemResult[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			values.push({ itemIndex, value: await step(itemIndex) });
		} catch (error) {
			const nodeError = asNodeError(ctx.getNode(), error, itemIndex);
			if (failFast(ctx)) throw nodeError;
			failed.push({ itemIndex, error: nodeError });
		}
	}
	return { values, failed };
}

/** Whether one failed item should stop the rest of the batch (Continue On Fail is off). */
export function failFast(ctx: IExecuteFunctions): boolean {
	return !ctx.continueOnFail();
}

function errorJson(result: ItemResult): IDataObject {
	const error = result.error as NodeError;
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (result.taskId) json.taskId = result.taskId;
	// A paid result whose files could not be fetched still hands over its URLs.
	if (result.imageUrls?.length) json.imageUrls = result.imageUrls;
	const evolinkCode = (error as NodeError & { errorResponse?: IDataObject }).errorResponse?.evolinkCode;
	if (evolinkCode) json.errorCode = evolinkCode;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	return json;
}

/** One line per item for the batch failure summary. */
function summarize(result: ItemResult): string {
	const task = result.taskId ? `task ${result.taskId}` : 'no task created';
	const urls = result.imageUrls?.length ? `: ${result.imageUrls.join(', ')}` : '';
	if (result.error) return `item ${result.itemIndex}: ${task}: ${result.error.message}${urls}`;
	return `item ${result.itemIndex}: ${task} ok${urls}`;
}

/**
 * Turns per-item results into the node's output. With Continue On Fail every failed item becomes
 * an error item in its place; without it the first failure is thrown, carrying in its
 * description every task id of the batch (and the image URLs already delivered).
 */
export function assembleOutput(ctx: IExecuteFunctions, results: ItemResult[]): INodeExecutionData[] {
	const ordered = [...results].sort((a, b) => a.itemIndex - b.itemIndex);
	const failed = ordered.filter((r) => r.error);
	if (failed.length && failFast(ctx)) {
		const first = failed[0].error as NodeError;
		const others = ordered.filter((r) => r !== failed[0] && (r.taskId || r.error));
		if (others.length) {
			first.description =
				`${first.description ? `${first.description}\n\n` : ''}` +
				`${failed.length} of ${ordered.length} items failed. Every task of this batch:\n` +
				ordered.map(summarize).join('\n');
		}
		if (isCancelled(ctx)) return [];
		throw first;
	}
	const output: INodeExecutionData[] = [];
	for (const result of ordered) {
		const pairedItem = { item: result.itemIndex };
		if (result.error) {
			output.push({ json: errorJson(result), pairedItem });
			continue;
		}
		for (const out of result.outputs ?? []) output.push({ ...out, pairedItem });
	}
	return output;
}
