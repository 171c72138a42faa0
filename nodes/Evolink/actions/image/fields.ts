/**
 * What Create and Generate share: the image fields, and reading one item's fields into a checked
 * request (every rule, binary references included, before anything is sent).
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../engine/nodeErrors';
import type { BinaryReferences } from '../../engine/references';
import { checkBinaryReferences } from '../../engine/references';
import type { PreparedItem } from '../../engine/submit';
import { FIELD_LABELS } from '../../rules/labels';
import {
	IMAGE_COUNTS,
	MAX_CALLBACK_URL_LENGTH,
	MAX_MASK_BYTES,
	MAX_PROMPT_CHARACTERS,
	MAX_REFERENCE_BYTES,
	MAX_REFERENCE_IMAGES,
	MEGABYTE,
	MODEL,
} from '../../rules/limits';
import { createTaskRequestSchema, describeIssues } from '../../rules/request';

export const imageFields: INodeProperties[] = [
	{
		displayName: FIELD_LABELS.prompt,
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		placeholder: 'e.g. A watercolor fox in a misty forest at sunrise, soft light',
		description:
			`What the image should show, or how to edit the reference images. At most ${MAX_PROMPT_CHARACTERS} characters.`,
		hint: 'Subject, style, light and framing give the best results. Map it from the input with an expression, e.g. {{ $json.prompt }}.',
	},
	{
		displayName: FIELD_LABELS.size,
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
		displayName: FIELD_LABELS.n,
		name: 'n',
		type: 'options',
		options: IMAGE_COUNTS.map((count) => ({ name: String(count), value: count })),
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
		displayName: FIELD_LABELS.image_urls,
		name: 'imageUrls',
		type: 'string',
		default: '',
		required: true,
		displayOptions: fromUrls,
		placeholder: 'https://example.com/photo.png',
		description:
			`Up to ${MAX_REFERENCE_IMAGES} public image URLs (JPEG, PNG or WebP, ≤ ${MAX_REFERENCE_BYTES / MEGABYTE} MB each), one per line or separated by commas. An expression may also return an array.`,
	},
	{
		displayName: FIELD_LABELS.mask_url,
		name: 'maskUrl',
		type: 'string',
		default: '',
		displayOptions: fromUrls,
		placeholder: 'https://example.com/mask.png',
		description:
			'Optional PNG mask of the same size as the single reference image; transparent areas are edited. Not allowed with more than one reference image.',
	},
	{
		displayName: FIELD_LABELS.imageBinaryFields,
		name: 'imageBinaryFields',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: fromBinary,
		placeholder: 'data, data_1',
		description:
			`Names of the input binary fields holding up to ${MAX_REFERENCE_IMAGES} images (JPEG, PNG or WebP, ≤ ${MAX_REFERENCE_BYTES / MEGABYTE} MB each), separated by commas`,
		hint: 'The input panel\'s Binary tab shows the field names, e.g. "data" after a file download or the file field\'s name after a form or webhook upload',
	},
	{
		displayName: FIELD_LABELS.maskBinaryField,
		name: 'maskBinaryField',
		type: 'string',
		default: '',
		displayOptions: fromBinary,
		placeholder: 'mask',
		description:
			`Optional binary field with a PNG mask (≤ ${MAX_MASK_BYTES / MEGABYTE} MB, same size as the single reference image); transparent areas are edited`,
	},
];

export const callbackUrlOption: INodeProperties = {
	displayName: FIELD_LABELS.callback_url,
	name: 'callbackUrl',
	type: 'string',
	default: '',
	placeholder: 'https://example.com/webhooks/evolink',
	description:
		`Public HTTPS address that Evolink calls with the task when it ends (no private or local addresses, at most ${MAX_CALLBACK_URL_LENGTH} characters)`,
};

/** Splits a list given as text (lines or commas) or as an array into clean entries. */
function splitList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[\n,]/) : [];
	return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

/**
 * Reads one item's parameters and checks them all, binary references included, without sending
 * anything. Throws the input error that names field, rule and item.
 */
export async function prepareItem(ctx: IExecuteFunctions, itemIndex: number): Promise<PreparedItem> {
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
	return { body: parsed.data, references };
}


/** n8n's Retry On Fail re-runs the whole node: every retry creates, and bills, new tasks. */
export const retryOnFailNotice: INodeProperties = {
	displayName:
		'Avoid n8n\'s "Retry On Fail" setting on this node: each retry creates and bills new tasks. The node already retries what is safe; use "On Error → Continue" to keep failed items, with their task IDs.',
	name: 'retryOnFailNotice',
	type: 'notice',
	default: '',
};
