/**
 * Nano Banana (gemini-2.5-flash-image). Source: Evolink's "Nanobanana Image Generation Beta" page
 * (2026), which documents the id nano-banana-beta and says gemini-2.5-flash-image is still
 * accepted and mapped to it (a task may report the mapped id). The older page allowed a 1000
 * character prompt, the newer 2000 tokens: the stricter 1000 is enforced. No n, no quality, no mask.
 */
import { MEGABYTE } from '../limits';
import type { ModelEntry } from './types';

export const nanoBanana: ModelEntry = {
	id: 'gemini-2.5-flash-image',
	displayName: 'Nano Banana (Gemini 2.5 Flash Image)',
	summary: 'Google\'s fast, inexpensive image model, good at edits and keeping a subject consistent across images. About 45 s.',
	output: 'image',
	endpoint: '/v1/images/generations',
	source: 'https://docs.evolink.ai/en/api-manual/image-series/nanobanana/nanobanana-image-generate',
	expectedSeconds: 45,
	prompt: { required: true, maxCharacters: 1000 },
	fields: [
		{
			type: 'options',
			key: 'size',
			param: 'nanoBananaSize',
			label: 'Aspect Ratio',
			description: 'Shape of the image; "auto" lets the model choose (or follow the reference)',
			values: ['auto', '1:1', '2:3', '3:2', '4:3', '3:4', '16:9', '9:16'],
			default: 'auto',
			names: { auto: 'Auto' },
		},
	],
	references: { key: 'image_urls', min: 0, max: 5, maxBytes: 10 * MEGABYTE, formats: ['png', 'jpeg', 'webp'] },
};
