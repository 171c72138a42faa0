/**
 * Submitting a batch: every item is read and checked first (bad input costs nothing and, without
 * Continue On Fail, stops the run before any request), then each item uploads its binary
 * references and creates its task, a few items at a time.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { EvolinkTask } from '../rules/answers';
import { referenceBody } from '../rules/models/schema';
import type { CreateEndpoint, ModelEntry } from '../rules/models/types';
import type { CreateTaskRequest } from '../rules/request';
import type { EvolinkClient } from '../transport/client';
import type { ItemResult } from './batch';
import { eachItem, failFast, mapWithConcurrency } from './batch';
import { asNodeError } from './nodeErrors';
import type { BinaryReferences } from './references';
import { uploadBinaryReferences } from './references';

/** One item's request, checked and ready to send. */
export interface PreparedItem {
	body: CreateTaskRequest;
	/** The create endpoint of the model's output kind. */
	endpoint: CreateEndpoint;
	/** The model's usual duration, for the poller when Evolink gives no estimate. */
	expectedSeconds?: number;
	/** The catalogue entry (absent for Other): where uploaded references go in the body. */
	model?: Pick<ModelEntry, 'references'>;
	/** Binary references, checked; uploaded just before the item's task is created. */
	references?: BinaryReferences;
}

interface SubmittedTask extends ItemResult {
	task?: EvolinkTask;
	/** When the create request was sent, on this machine's clock: the task cannot have started sooner. */
	startedAt?: number;
	/** The model's usual duration (s), for when Evolink's answer gives no estimate. */
	expectedSeconds?: number;
}

/**
 * Prepares every item with `prepare` (which reads and checks it, sending nothing), then creates
 * the tasks, at most `concurrency` at once. Without Continue On Fail, a failed create stops the
 * creates not yet started: the rest would likely fail alike.
 */
export async function submitTasks(
	ctx: IExecuteFunctions,
	client: Pick<EvolinkClient, 'createTask' | 'uploadImage' | 'isCancelled'>,
	itemCount: number,
	concurrency: number,
	prepare: (itemIndex: number) => Promise<PreparedItem>,
): Promise<SubmittedTask[]> {
	const node = ctx.getNode();
	const { values: prepared, failed } = await eachItem(ctx, itemCount, prepare);
	const results: SubmittedTask[] = [...failed];
	let stopped = false;
	const created = await mapWithConcurrency(
		prepared,
		concurrency,
		async ({ itemIndex, value: { body, references, endpoint, model, expectedSeconds } }): Promise<SubmittedTask> => {
			try {
				if (references) {
					const uploaded = await uploadBinaryReferences(ctx, client, itemIndex, references);
					body = {
						...body,
						...referenceBody(uploaded.imageUrls, model?.references),
						...(uploaded.maskUrl ? { mask_url: uploaded.maskUrl } : {}),
					};
				}
				const sentAt = Date.now();
				const task = await client.createTask(body, endpoint);
				return { itemIndex, task, taskId: task.id, startedAt: sentAt, expectedSeconds };
			} catch (error) {
				if (failFast(ctx)) stopped = true;
				return { itemIndex, error: asNodeError(node, error, itemIndex) };
			}
		},
		() => stopped || client.isCancelled(),
	);
	created.forEach((result, index) => {
		const { itemIndex } = prepared[index];
		results.push(
			result ??
				// Never started: an earlier item failed (without Continue On Fail) or the run was cancelled.
				{
					itemIndex,
					error: new NodeOperationError(node, `Item ${itemIndex} was not submitted: the run stopped before its turn`, {
						itemIndex,
						description: 'No request was sent for this item and nothing was charged.',
					}),
				},
		);
	});
	return results;
}
