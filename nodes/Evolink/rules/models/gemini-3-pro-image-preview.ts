/**
 * Nano Banana Pro (gemini-3-pro-image-preview). Source: Evolink's page at
 * nanobanana2-image-generate, titled "Nano Banana 2" but documenting this model. Formats are cut off
 * on the current rendering; an older copy lists JPEG, PNG and WebP (enforced). No model_params
 * could be found for Pro: none offered.
 */
import { MEGABYTE } from '../limits';
import type { ModelEntry } from './types';

export const nanoBananaPro: ModelEntry = {
	id: 'gemini-3-pro-image-preview',
	displayName: 'Nano Banana Pro (Gemini 3 Pro Image)',
	summary: 'Google\'s most capable image model: best detail, text and composition, up to 4K and 10 references; dearer at 4K. About 45 s or more.',
	output: 'image',
	endpoint: '/v1/images/generations',
	source: 'https://docs.evolink.ai/en/api-manual/image-series/nanobanana/nanobanana2-image-generate',
	expectedSeconds: 45,
	prompt: { required: true, maxCharacters: 2000 },
	fields: [
		{
			type: 'options',
			key: 'size',
			param: 'nanoBananaProSize',
			label: 'Aspect Ratio',
			description: 'Shape of the image; "auto" lets the model choose (or follow the reference)',
			values: ['auto', '1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'],
			default: 'auto',
			names: { auto: 'Auto' },
		},
		{
			type: 'options',
			key: 'quality',
			param: 'nanoBananaProQuality',
			label: 'Resolution',
			description: 'Output resolution; 4K costs extra',
			values: ['1K', '2K', '4K'],
			default: '2K',
		},
	],
	references: { key: 'image_urls', min: 0, max: 10, maxBytes: 10 * MEGABYTE, formats: ['png', 'jpeg', 'webp'] },
};
