/**
 * gpt-image-1.5. Source: Evolink's "GPT Image 1.5 Image Generation" page (2026). The page's
 * current rendering allows quality low/medium/high (default high); an older copy added "auto":
 * the stricter list is enforced. `n` is fixed at 1, so the node has no field for it. No mask.
 */
import { IMAGE_SIZES, MEGABYTE } from '../limits';
import type { ModelEntry } from './types';

export const gptImage15: ModelEntry = {
	id: 'gpt-image-1.5',
	displayName: 'GPT Image 1.5',
	summary: 'OpenAI\'s GPT Image 1.5: strong prompt following and text rendering, up to 16 references. One image per task, about 100 s.',
	output: 'image',
	endpoint: '/v1/images/generations',
	source: 'https://docs.evolink.ai/en/api-manual/image-series/gpt-image-1.5/gpt-image-1.5-image-generation',
	expectedSeconds: 100,
	prompt: { required: true, maxCharacters: 2000 },
	fields: [
		{
			type: 'options',
			key: 'size',
			param: 'gptImage15Size',
			label: 'Size',
			description: 'Aspect ratio or pixel size of the image',
			values: IMAGE_SIZES,
			default: '1:1',
		},
		{
			type: 'options',
			key: 'quality',
			param: 'gptImage15Quality',
			label: 'Quality',
			description: 'Higher quality takes longer and costs more credits',
			values: ['low', 'medium', 'high'],
			default: 'high',
			names: { low: 'Low', medium: 'Medium', high: 'High' },
		},
	],
	references: { key: 'image_urls', min: 0, max: 16, maxBytes: 50 * MEGABYTE, formats: ['png', 'jpeg', 'webp'] },
};
