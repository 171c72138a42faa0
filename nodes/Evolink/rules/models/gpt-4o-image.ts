/**
 * gpt-4o-image, the seed model. Source: Evolink's "gpt-4o-image Interface" page (see
 * docs/evolink-api.md §2.1 for every rule and where the pages disagree).
 */
import { IMAGE_COUNTS, IMAGE_SIZES, MAX_MASK_BYTES, MAX_PROMPT_CHARACTERS, MAX_REFERENCE_BYTES, MAX_REFERENCE_IMAGES } from '../limits';
import type { ModelEntry } from './types';

export const gpt4oImage: ModelEntry = {
	id: 'gpt-4o-image',
	displayName: 'GPT-4o Image',
	summary: 'OpenAI\'s GPT-4o image model: follows detailed prompts and text in images well; edits with a mask. About 100 s per task.',
	output: 'image',
	endpoint: '/v1/images/generations',
	source: 'https://docs.evolink.ai/en/api-manual/image-series/gpt-4o/gpt-4o-image-generation',
	expectedSeconds: 100,
	prompt: { required: true, maxCharacters: MAX_PROMPT_CHARACTERS },
	fields: [
		{
			type: 'options',
			key: 'size',
			param: 'size',
			label: 'Size',
			description: 'Aspect ratio or pixel size of the generated image',
			values: IMAGE_SIZES,
			default: '1:1',
			names: {
				'1:1': 'Square 1:1',
				'2:3': 'Portrait 2:3',
				'3:2': 'Landscape 3:2',
				'1024x1024': 'Square 1024×1024',
				'1024x1536': 'Portrait 1024×1536',
				'1536x1024': 'Landscape 1536×1024',
			},
		},
		{
			type: 'options',
			key: 'n',
			param: 'n',
			label: 'Number of Images',
			description: 'How many images one task makes. Credits are reserved for all of them and charged per image produced.',
			values: IMAGE_COUNTS,
			default: 1,
		},
	],
	references: { key: 'image_urls', min: 0, max: MAX_REFERENCE_IMAGES, maxBytes: MAX_REFERENCE_BYTES, formats: ['png', 'jpeg', 'webp'] },
	mask: { key: 'mask_url', maxBytes: MAX_MASK_BYTES },
};
