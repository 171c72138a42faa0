/**
 * What Create and Generate share: the image fields, reading and validating them per item, and
 * submitting the tasks with bounded concurrency.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemResult } from '../../helpers/batch';
import { asNodeError, mapWithConcurrency } from '../../helpers/batch';
import { EvolinkFailure, inputError, toNodeApiError } from '../../helpers/errors';
import { isCancelled } from '../../helpers/pause';
import type { CreateTaskRequest, EvolinkTask } from '../../helpers/schemas';
import { MODEL, createTaskRequestSchema, describeIssues } from '../../helpers/schemas';
import type { Endpoints } from '../../transport';
import { createTask } from '../../transport/evolink';

export const imageFields: INodeProperties[] = [
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		placeholder: 'e.g. A watercolor fox in a misty forest at sunrise, soft light',
		description:
			'What the image should show, or how to edit the reference images. At most 1000 characters.',
	},
	{
		displayName: 'Size',
		name: 'size',
		type: 'options',
		options: [
			{ name: 'Landscape 1536×1024', value: '1536x1024' },
			{ name: 'Landscape 3:2', value: '3:2' },
			{ name: 'Portrait 1024×1536', value: '1024x1536' },
			{ name: 'Portrait 2:3', value: '2:3' },
			{ name: 'Square 1:1', value: '1:1' },
			{ name: 'Square 1024×1024', value: '1024x1024' },
		],
		default: '1:1',
		description: 'Aspect ratio or pixel size of the generated image',
	},
	{
		displayName: 'Number of Images',
		name: 'n',
		type: 'options',
		options: [
			{ name: '1', value: 1 },
			{ name: '2', value: 2 },
			{ name: '4', value: 4 },
		],
		default: 1,
		description: 'How many images one task makes. Credits are reserved for all of them and charged per image produced.',
	},
];

export const referenceOptions: INodeProperties[] = [
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/webhooks/evolink',
		description:
			'Public HTTPS address that Evolink calls with the task when it ends (no private or local addresses, at most 2048 characters)',
	},
	{
		displayName: 'Mask URL',
		name: 'maskUrl',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/mask.png',
		description:
			'PNG mask of the same size as the single reference image; transparent areas are edited. Not allowed with more than one reference image.',
	},
	{
		displayName: 'Reference Image URLs',
		name: 'imageUrls',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/photo.png',
		description:
			'Up to 5 public image URLs (JPEG, PNG or WebP, ≤ 10 MB each) to edit or take as reference, one per line or separated by commas. An expression may also return an array.',
	},
];

/** Splits a list given as text (lines or commas) or as an array into clean entries. */
export function splitList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[\n,]/) : [];
	return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

/** Reads one item's parameters into the exact request body, or throws the input error. */
export function readCreateRequest(ctx: IExecuteFunctions, itemIndex: number): CreateTaskRequest {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as Record<string, unknown>;
	const raw: Record<string, unknown> = {
		model: MODEL,
		prompt: ctx.getNodeParameter('prompt', itemIndex, ''),
		size: ctx.getNodeParameter('size', itemIndex, '1:1') || undefined,
		n: ctx.getNodeParameter('n', itemIndex, 1),
	};
	const imageUrls = splitList(options.imageUrls);
	if (imageUrls.length) raw.image_urls = imageUrls;
	for (const [option, field] of [
		['maskUrl', 'mask_url'],
		['callbackUrl', 'callback_url'],
	] as const) {
		const value = options[option];
		if (typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null) raw[field] = value;
	}
	const parsed = createTaskRequestSchema.safeParse(raw);
	if (!parsed.success) throw inputError(ctx.getNode(), itemIndex, describeIssues(parsed.error));
	return parsed.data;
}

export interface SubmittedTask extends ItemResult {
	task?: EvolinkTask;
	/** When the create answer arrived, on this machine's clock. */
	startedAt?: number;
}

/**
 * Validates every item first (bad input costs nothing and, without Continue On Fail, stops the
 * run before any request), then creates the tasks, at most `concurrency` at once. Without
 * Continue On Fail, a failed create stops further creates: the rest would likely fail alike.
 */
export async function submitTasks(
	ctx: IExecuteFunctions,
	endpoints: Endpoints,
	itemCount: number,
	concurrency: number,
): Promise<SubmittedTask[]> {
	const continueOnFail = ctx.continueOnFail();
	const results: SubmittedTask[] = [];
	const requests: Array<{ itemIndex: number; body: CreateTaskRequest }> = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			requests.push({ itemIndex, body: readCreateRequest(ctx, itemIndex) });
		} catch (error) {
			const nodeError = asNodeError(ctx, error, itemIndex);
			if (!continueOnFail) throw nodeError;
			results.push({ itemIndex, error: nodeError });
		}
	}
	let stopped = false;
	const created = await mapWithConcurrency(
		requests,
		concurrency,
		async ({ itemIndex, body }): Promise<SubmittedTask> => {
			try {
				const task = await createTask(ctx, endpoints, body);
				return { itemIndex, task, taskId: task.id, startedAt: Date.now() };
			} catch (error) {
				if (!continueOnFail) stopped = true;
				const nodeError =
					error instanceof EvolinkFailure ? toNodeApiError(ctx.getNode(), error, { itemIndex }) : asNodeError(ctx, error, itemIndex);
				return { itemIndex, error: nodeError };
			}
		},
		() => stopped || isCancelled(ctx),
	);
	created.forEach((result, index) => {
		const { itemIndex } = requests[index];
		results.push(
			result ??
				// Never started: an earlier create failed (without Continue On Fail) or the run was cancelled.
				{
					itemIndex,
					error: new NodeOperationError(ctx.getNode(), `Item ${itemIndex} was not submitted: the run stopped before its turn`, {
						itemIndex,
						description: 'No request was sent for this item and nothing was charged.',
					}),
				},
		);
	});
	return results;
}
