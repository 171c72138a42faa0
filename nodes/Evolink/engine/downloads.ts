/**
 * Result images as files: every image of the completed results streamed into n8n binary data
 * through the client, a few at a time across the run, and attached to its output item.
 */
import type { IBinaryData, IBinaryKeyData, INode } from 'n8n-workflow';

import type { EvolinkClient } from '../transport/client';
import type { ItemResult, Limiter } from './batch';
import { asNodeError } from './nodeErrors';

export interface DownloadOptions {
	/** Binary field name; `data` then `data_1`, `data_2`, … when one item holds several images. */
	binaryPropertyName: string;
	/** The size cap of each kind of result file. */
	maxBytes: Record<'image' | 'video' | 'audio', number>;
	/** Gate shared by every download of the run, so that only a few run at once. */
	limiter: Limiter;
}

/**
 * Downloads every image of the completed results into n8n binary data, a few at a time, and
 * attaches each to its output item. A failed download turns its item into an error that still
 * carries the task id and all image URLs: the task is paid for and must not be lost.
 */
export async function attachImages(
	client: Pick<EvolinkClient, 'downloadFile' | 'isCancelled'>,
	node: INode,
	results: ItemResult[],
	options: DownloadOptions,
): Promise<ItemResult[]> {
	const jobs = results.flatMap((result) =>
		result.error || !result.imageUrls?.length ? [] : result.imageUrls.map((url, imageIndex) => ({ result, url, imageIndex })),
	);
	const files = new Map<ItemResult, Array<IBinaryData | undefined>>();
	const failures = new Map<ItemResult, ItemResult['error']>();
	await Promise.all(
		jobs.map(({ result, url, imageIndex }) => options.limiter(async () => {
			if (failures.has(result) || client.isCancelled()) return;
			const kind = result.kind ?? 'image';
			try {
				const binary = await client.downloadFile({
					url,
					kind,
					baseName: `${result.taskId}-${imageIndex + 1}`,
					maxBytes: options.maxBytes[kind],
				});
				const list = files.get(result) ?? [];
				list[imageIndex] = binary;
				files.set(result, list);
			} catch (error) {
				const nodeError = asNodeError(node, error, result.itemIndex, { taskId: result.taskId, imageIndex, kind: result.kind });
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

