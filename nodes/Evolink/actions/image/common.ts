/**
 * What Create and Generate share: the image fields, reading and validating them per item, and
 * submitting the tasks with bounded concurrency.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemResult } from '../../helpers/batch';
import { asNodeError, mapWithConcurrency } from '../../helpers/batch';
import { inputError } from '../../helpers/errors';
import { isCancelled } from '../../helpers/pause';
import type { CreateTaskRequest, EvolinkTask } from '../../helpers/schemas';
import { MODEL, createTaskRequestSchema, describeIssues } from '../../helpers/schemas';
import type { BinaryReferences } from '../../helpers/references';
import { checkBinaryReferences, uploadBinaryReferences } from '../../helpers/references';
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
		hint: 'Subject, style, light and framing give the best results. Map it from the input with an expression, e.g. {{ $json.prompt }}.',
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

const fromUrls = { show: { referenceImages: ['url'] } };
const fromBinary = { show: { referenceImages: ['binary'] } };

/** Reference images and mask: none, public URLs, or binary fields of the input item. */
export const referenceFields: INodeProperties[] = [
	{
		displayName: 'Reference Images',
		name: 'referenceImages',
		type: 'options',
		options: [
			{ name: 'From Binary Fields', value: 'binary', description: 'Images the node receives as files, uploaded to Evolink first' },
			{ name: 'From URLs', value: 'url', description: 'Public image URLs that Evolink downloads' },
			{ name: 'None', value: 'none', description: 'Create a new image from the prompt alone' },
		],
		default: 'none',
		description: 'Images to edit or to take as reference',
	},
	{
		displayName: 'Reference Image URLs',
		name: 'imageUrls',
		type: 'string',
		default: '',
		required: true,
		displayOptions: fromUrls,
		placeholder: 'https://example.com/photo.png',
		description:
			'Up to 5 public image URLs (JPEG, PNG or WebP, ≤ 10 MB each), one per line or separated by commas. An expression may also return an array.',
	},
	{
		displayName: 'Mask URL',
		name: 'maskUrl',
		type: 'string',
		default: '',
		displayOptions: fromUrls,
		placeholder: 'https://example.com/mask.png',
		description:
			'Optional PNG mask of the same size as the single reference image; transparent areas are edited. Not allowed with more than one reference image.',
	},
	{
		displayName: 'Reference Image Fields',
		name: 'imageBinaryFields',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: fromBinary,
		placeholder: 'data, data_1',
		description:
			'Names of the input binary fields holding up to 5 images (JPEG, PNG or WebP, ≤ 10 MB each), separated by commas',
		hint: 'The input panel\'s Binary tab shows the field names, e.g. "data" after a file download or the file field\'s name after a form or webhook upload',
	},
	{
		displayName: 'Mask Field',
		name: 'maskBinaryField',
		type: 'string',
		default: '',
		displayOptions: fromBinary,
		placeholder: 'mask',
		description:
			'Optional binary field with a PNG mask (≤ 4 MB, same size as the single reference image); transparent areas are edited',
	},
];

export const callbackUrlOption: INodeProperties = {
	displayName: 'Callback URL',
	name: 'callbackUrl',
	type: 'string',
	default: '',
	placeholder: 'https://example.com/webhooks/evolink',
	description:
		'Public HTTPS address that Evolink calls with the task when it ends (no private or local addresses, at most 2048 characters)',
};

/** Splits a list given as text (lines or commas) or as an array into clean entries. */
export function splitList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[\n,]/) : [];
	return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

interface PreparedItem {
	itemIndex: number;
	body: CreateTaskRequest;
	/** Binary references, checked; uploaded just before the item's task is created. */
	references?: BinaryReferences;
}

/**
 * Reads one item's parameters and checks them all, binary references included, without sending
 * anything. Throws the input error that names field, rule and item.
 */
async function prepareItem(ctx: IExecuteFunctions, itemIndex: number): Promise<PreparedItem> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as Record<string, unknown>;
	const source = ctx.getNodeParameter('referenceImages', itemIndex, 'none') as string;
	const raw: Record<string, unknown> = {
		model: MODEL,
		prompt: ctx.getNodeParameter('prompt', itemIndex, ''),
		size: ctx.getNodeParameter('size', itemIndex, '1:1') || undefined,
		n: ctx.getNodeParameter('n', itemIndex, 1),
	};
	if (source === 'url') {
		const imageUrls = splitList(ctx.getNodeParameter('imageUrls', itemIndex, ''));
		if (imageUrls.length) raw.image_urls = imageUrls;
		const maskUrl = ctx.getNodeParameter('maskUrl', itemIndex, '');
		if (typeof maskUrl === 'string' ? maskUrl.trim() !== '' : maskUrl !== undefined && maskUrl !== null) raw.mask_url = maskUrl;
	}
	const callbackUrl = options.callbackUrl;
	if (typeof callbackUrl === 'string' ? callbackUrl.trim() !== '' : callbackUrl !== undefined && callbackUrl !== null) {
		raw.callback_url = callbackUrl;
	}
	const parsed = createTaskRequestSchema.safeParse(raw);
	const problems = parsed.success ? [] : describeIssues(parsed.error);
	let references: BinaryReferences | undefined;
	if (source === 'binary') {
		const fields = splitList(ctx.getNodeParameter('imageBinaryFields', itemIndex, 'data'));
		const mask = String(ctx.getNodeParameter('maskBinaryField', itemIndex, '') ?? '').trim() || undefined;
		const checked = await checkBinaryReferences(ctx, itemIndex, fields, mask);
		problems.push(...checked.problems);
		references = checked.references;
	}
	if (!parsed.success || problems.length) throw inputError(ctx.getNode(), itemIndex, problems);
	return { itemIndex, body: parsed.data, references };
}

export interface SubmittedTask extends ItemResult {
	task?: EvolinkTask;
	/** When the create answer arrived, on this machine's clock. */
	startedAt?: number;
}

/**
 * Checks every item first (bad input costs nothing and, without Continue On Fail, stops the run
 * before any request), then per item uploads its binary references and creates its task, at
 * most `concurrency` items at once. Without Continue On Fail, a failed item stops further
 * creates: the rest would likely fail alike.
 */
export async function submitTasks(
	ctx: IExecuteFunctions,
	endpoints: Endpoints,
	itemCount: number,
	concurrency: number,
): Promise<SubmittedTask[]> {
	const continueOnFail = ctx.continueOnFail();
	const results: SubmittedTask[] = [];
	const prepared: PreparedItem[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			prepared.push(await prepareItem(ctx, itemIndex));
		} catch (error) {
			const nodeError = asNodeError(ctx, error, itemIndex);
			if (!continueOnFail) throw nodeError;
			results.push({ itemIndex, error: nodeError });
		}
	}
	let stopped = false;
	const created = await mapWithConcurrency(
		prepared,
		concurrency,
		async ({ itemIndex, body, references }): Promise<SubmittedTask> => {
			try {
				if (references) {
					const uploaded = await uploadBinaryReferences(ctx, endpoints, itemIndex, references);
					body = { ...body, image_urls: uploaded.imageUrls, ...(uploaded.maskUrl ? { mask_url: uploaded.maskUrl } : {}) };
				}
				const task = await createTask(ctx, endpoints, body);
				return { itemIndex, task, taskId: task.id, startedAt: Date.now() };
			} catch (error) {
				if (!continueOnFail) stopped = true;
				const nodeError = asNodeError(ctx, error, itemIndex);
				return { itemIndex, error: nodeError };
			}
		},
		() => stopped || isCancelled(ctx),
	);
	created.forEach((result, index) => {
		const { itemIndex } = prepared[index];
		results.push(
			result ??
				// Never started: an earlier item failed (without Continue On Fail) or the run was cancelled.
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
