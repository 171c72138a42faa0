/**
 * Qwen image edit (qwen-image-edit, qwen-image-edit-plus). Sources: Evolink's "Qwen Image Edit" and
 * "Qwen Image Edit Plus" pages (2026). Both edit 1–3 references with sides of 384–3072 pixels; no
 * size limit in MB is stated, so the file API's 100 MB applies. qwen-image-edit: the English page
 * says 1000 characters, the Spanish 2000 tokens: 1000 is enforced. Plus: n 1–6; size (sides
 * 512–2048) only with n = 1; negative prompt up to 500 characters (the API cuts longer text
 * silently: the node refuses it instead). seed and watermark go through Additional Body Fields.
 */
import { MEGABYTE } from '../limits';
import { checkPixels, pixelSize } from './sizes';
import { negativePromptField } from './common-fields';
import type { ModelEntry, ReferenceLimits } from './types';

const QWEN_REFERENCES: ReferenceLimits = {
	key: 'image_urls',
	min: 1,
	max: 3,
	maxBytes: 100 * MEGABYTE,
	formats: ['png', 'jpeg', 'webp'],
	minSide: 384,
	maxSide: 3072,
};

export const qwenImageEdit: ModelEntry = {
	id: 'qwen-image-edit',
	displayName: 'Qwen Image Edit',
	summary: 'Alibaba\'s Qwen image editor: changes 1–3 given images by instruction (objects, text, style). Needs reference images. About 30 s.',
	output: 'image',
	endpoint: '/v1/images/generations',
	source: 'https://docs.evolink.ai/en/api-manual/image-series/qwen/qwen-image-edit',
	expectedSeconds: 30,
	prompt: { required: true, maxCharacters: 1000 },
	fields: [],
	references: QWEN_REFERENCES,
};

function checkPlusSize(value: string): string | undefined {
	const pixels = pixelSize(value);
	if (!pixels) return `must be a pixel size such as 1024x1024, got "${value}"`;
	return checkPixels(pixels.width, pixels.height, { minSide: 512, maxSide: 2048, minPixels: 0, maxPixels: Infinity, maxRatio: Infinity });
}

export const qwenImageEditPlus: ModelEntry = {
	id: 'qwen-image-edit-plus',
	displayName: 'Qwen Image Edit Plus',
	summary: 'Qwen Image Edit Plus: edits 1–3 given images with up to 6 results, a negative prompt and prompt rewriting. Needs reference images. About 30 s.',
	output: 'image',
	endpoint: '/v1/images/generations',
	source: 'https://docs.evolink.ai/en/api-manual/image-series/qwen/qwen-image-edit-plus',
	expectedSeconds: 30,
	prompt: { required: true, maxCharacters: 2000 },
	fields: [
		{
			type: 'number',
			key: 'n',
			param: 'qwenPlusN',
			label: 'Number of Images',
			description: 'How many edited images one task makes (1–6)',
			min: 1,
			max: 6,
			integer: true,
			default: 1,
		},
		{
			type: 'string',
			key: 'size',
			param: 'qwenPlusSize',
			label: 'Size',
			description: 'Output size WxH, sides 512–2048 pixels; only with one image. Empty keeps the reference\'s size.',
			default: '',
			placeholder: 'e.g. 1024x1024',
			optional: true,
			check: checkPlusSize,
		},
		negativePromptField('qwenPlusNegativePrompt', 'edit', 500),
		{
			type: 'boolean',
			key: 'prompt_extend',
			param: 'qwenPlusPromptExtend',
			label: 'Rewrite Prompt',
			description: 'Whether the model may expand the prompt before editing (the model\'s default is on)',
			default: true,
		},
	],
	references: QWEN_REFERENCES,
	crossCheck(body, raise) {
		if (body.size !== undefined && Number(body.n ?? 1) !== 1) raise('size', `can only be set with one image, got Number of Images ${String(body.n)}`);
	},
};
