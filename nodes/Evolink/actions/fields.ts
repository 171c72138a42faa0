/**
 * What Create and Generate share: the image request's fields (version 1's and version 2's), the
 * reference images and mask, the callback option and the notices.
 */
import type { INodeProperties } from 'n8n-workflow';

import { FIELD_LABELS } from '../rules/labels';
import { MAX_CALLBACK_URL_LENGTH, MAX_MASK_BYTES, MAX_REFERENCE_BYTES, MAX_REFERENCE_IMAGES, MEGABYTE } from '../rules/limits';
import { modelsFor } from '../rules/models';
import type { OutputKind } from '../rules/models';
import { gpt4oImage } from '../rules/models/gpt-4o-image';
import { hideForModelsWithout, modelChoice, modelFieldProperties } from './models';

/** The prompt of version 1 (gpt-4o-image only). */
const promptV1: INodeProperties = {
	displayName: FIELD_LABELS.prompt,
	name: 'prompt',
	type: 'string',
	typeOptions: { rows: 4 },
	required: true,
	default: '',
	placeholder: 'e.g. A watercolor fox in a misty forest at sunrise, soft light',
	description: `What the image should show, or how to edit the reference images. At most ${gpt4oImage.prompt.maxCharacters} characters.`,
	hint: 'Subject, style, light and framing give the best results. Map it from the input with an expression, e.g. {{ $json.prompt }}.',
	displayOptions: { show: { '@version': [1] } },
};

/** The prompt of version 2, whose limit depends on the model. */
const promptV2: INodeProperties = {
	...promptV1,
	description:
		'What the image should show, or how to edit the reference images. The length limit depends on the model (gpt-4o-image 1000 characters, gpt-image-2 32 000).',
	displayOptions: { show: { '@version': [2] } },
};

/**
 * The request fields of an output kind. Images: version 1 (gpt-4o-image, as v0.1 shipped them:
 * Prompt, Size, Number of Images) and version 2 (a Model choice, then each model's own fields).
 * Video and music exist in version 2 only. All derived from the catalogue.
 */
export function requestFields(output: OutputKind): INodeProperties[] {
	const models = modelsFor(output).flatMap((model) => modelFieldProperties(model, { '@version': [2], model: [model.id] }));
	if (output === 'image') return [...modelChoice('image'), promptV1, promptV2, ...modelFieldProperties(gpt4oImage, { '@version': [1] }), ...models];
	const prompt: INodeProperties = {
		...promptV2,
		placeholder: output === 'video' ? 'e.g. A slow dolly shot of a ceramic mug on an oak table, steam rising' : 'e.g. An upbeat synth-pop song about summer nights',
		description:
			output === 'video'
				? 'What the video should show: subject, motion, camera, style. The length limit depends on the model.'
				: 'What the music should be (or, in Custom Mode, the lyrics). The length limit depends on the model and mode.',
		hint: 'Map it from the input with an expression, e.g. {{ $json.prompt }}.',
	};
	return [...modelChoice(output), prompt, ...models];
}

const takesReferences = hideForModelsWithout((model) => model.references !== undefined);
const takesMask = hideForModelsWithout((model) => model.mask !== undefined);
const fromUrls = { show: { referenceImages: ['url'] }, hide: takesReferences };
const fromBinary = { show: { referenceImages: ['binary'] }, hide: takesReferences };
const maskFromUrls = { show: { referenceImages: ['url'] }, hide: takesMask };
const maskFromBinary = { show: { referenceImages: ['binary'] }, hide: takesMask };

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
		description: 'Images to edit or take as reference; for a video, the first frame (and the last). Their number, size and formats depend on the model.',
		displayOptions: { hide: takesReferences },
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
			`Public image URLs, one per line or separated by commas; an expression may also return an array. How many, how large and which formats depend on the model (gpt-4o-image: up to ${MAX_REFERENCE_IMAGES}, JPEG, PNG or WebP, ≤ ${MAX_REFERENCE_BYTES / MEGABYTE} MB each).`,
	},
	{
		displayName: FIELD_LABELS.mask_url,
		name: 'maskUrl',
		type: 'string',
		default: '',
		displayOptions: maskFromUrls,
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
			`Names of the input binary fields holding the images, separated by commas. How many, how large and which formats depend on the model (gpt-4o-image: up to ${MAX_REFERENCE_IMAGES}, JPEG, PNG or WebP, ≤ ${MAX_REFERENCE_BYTES / MEGABYTE} MB each).`,
		hint: 'The input panel\'s Binary tab shows the field names, e.g. "data" after a file download or the file field\'s name after a form or webhook upload',
	},
	{
		displayName: FIELD_LABELS.maskBinaryField,
		name: 'maskBinaryField',
		type: 'string',
		default: '',
		displayOptions: maskFromBinary,
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


/** n8n's Retry On Fail re-runs the whole node: every retry creates, and bills, new tasks. */
export const retryOnFailNotice: INodeProperties = {
	displayName:
		'Avoid n8n\'s "Retry On Fail" setting on this node: each retry creates and bills new tasks. The node already retries what is safe; use "On Error → Continue" to keep failed items, with their task IDs.',
	name: 'retryOnFailNotice',
	type: 'notice',
	default: '',
};
