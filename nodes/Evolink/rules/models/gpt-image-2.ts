/**
 * gpt-image-2. Source: Evolink's "GPT Image 2 Image Generation" page (2026): prompt up to 32 000
 * code points; size "auto", one of 15 ratios, or WxH (multiples of 16, sides 16–3840, 655 360 to
 * 8 294 400 pixels, at most 3:1); resolution only takes effect with a ratio (the page says it is
 * ignored otherwise: the node refuses it there, so nobody expects it to do something); n 1–10.
 * No page that could be read shows a mask field: none is offered.
 */
import { MEGABYTE } from '../limits';
import { checkPixels, pixelSize } from './sizes';
import type { ModelEntry } from './types';

export const GPT_IMAGE_2_RATIOS = ['1:1', '1:2', '2:1', '1:3', '3:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '9:21', '21:9'];

function checkSize(value: string): string | undefined {
	if (value === 'auto' || GPT_IMAGE_2_RATIOS.includes(value)) return undefined;
	const pixels = pixelSize(value);
	if (!pixels) return `must be auto, a ratio (${GPT_IMAGE_2_RATIOS.join(', ')}) or a pixel size such as 1536x1024, got "${value}"`;
	return checkPixels(pixels.width, pixels.height, {
		multipleOf: 16,
		minSide: 16,
		maxSide: 3840,
		minPixels: 655_360,
		maxPixels: 8_294_400,
		maxRatio: 3,
	});
}

export const gptImage2: ModelEntry = {
	id: 'gpt-image-2',
	displayName: 'GPT Image 2',
	summary: 'OpenAI\'s newest image model: very long prompts, exact pixel sizes up to 4K, 1–10 images per task. About 100 s.',
	output: 'image',
	endpoint: '/v1/images/generations',
	source: 'https://docs.evolink.ai/en/api-manual/image-series/gpt-image-2/gpt-image-2-image-generation',
	expectedSeconds: 100,
	prompt: { required: true, maxCharacters: 32000 },
	fields: [
		{
			type: 'string',
			key: 'size',
			param: 'gptImage2Size',
			label: 'Size',
			description: `"auto", a ratio (${GPT_IMAGE_2_RATIOS.join(', ')}) or a pixel size WxH: multiples of 16, sides 16–3840, at most 3:1`,
			default: 'auto',
			placeholder: 'auto, 16:9 or 1536x1024',
			check: checkSize,
		},
		{
			type: 'options',
			key: 'resolution',
			param: 'gptImage2Resolution',
			label: 'Resolution',
			description: 'Pixel budget for a ratio size (1K ≈ 1 MP, 2K ≈ 4 MP, 4K ≈ 8.3 MP). Only with a ratio.',
			values: ['', '1K', '2K', '4K'],
			default: '',
			names: { '': 'Model Default (1K)' },
			optional: true,
		},
		{
			type: 'options',
			key: 'quality',
			param: 'gptImage2Quality',
			label: 'Quality',
			description: 'Low is about 9 times cheaper than medium, high about 4 times dearer',
			values: ['low', 'medium', 'high'],
			default: 'medium',
			names: { low: 'Low', medium: 'Medium', high: 'High' },
		},
		{
			type: 'number',
			key: 'n',
			param: 'gptImage2N',
			label: 'Number of Images',
			description: 'How many images one task makes (1–10), each billed',
			min: 1,
			max: 10,
			integer: true,
			default: 1,
		},
	],
	references: { key: 'image_urls', min: 0, max: 16, maxBytes: 50 * MEGABYTE, formats: ['png', 'jpeg', 'webp'] },
	crossCheck(body, raise) {
		const size = typeof body.size === 'string' ? body.size : 'auto';
		if (body.resolution && !GPT_IMAGE_2_RATIOS.includes(size)) {
			raise('resolution', `only applies when Size is a ratio such as 16:9, not "${size}": leave it at the model default`);
		}
	},
};
