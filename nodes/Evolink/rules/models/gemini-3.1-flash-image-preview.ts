/**
 * Nano Banana 2 (gemini-3.1-flash-image-preview). Source: Evolink's "Nanobanana 2 Image
 * Generation" page (path nanobanana-2-image-generate; beware: the page at nanobanana2-image-generate,
 * also titled "Nano Banana 2", documents the Pro model). quality's default 2K is stated in prose
 * only. At most 4 of the references may show real people (not checkable here; said in the field).
 */
import { MEGABYTE } from '../limits';
import type { ModelEntry } from './types';

export const nanoBanana2: ModelEntry = {
	id: 'gemini-3.1-flash-image-preview',
	displayName: 'Nano Banana 2 (Gemini 3.1 Flash Image)',
	summary: 'Google\'s Nano Banana 2: fast, sharp up to 4K, extreme ratios (1:8 to 8:1), up to 14 references, optional web search. About 45 s.',
	output: 'image',
	endpoint: '/v1/images/generations',
	source: 'https://docs.evolink.ai/en/api-manual/image-series/nanobanana/nanobanana-2-image-generate',
	expectedSeconds: 45,
	prompt: { required: true, maxCharacters: 2000 },
	fields: [
		{
			type: 'options',
			key: 'size',
			param: 'nanoBanana2Size',
			label: 'Aspect Ratio',
			description: 'Shape of the image; "auto" lets the model choose (or follow the reference)',
			values: ['auto', '1:1', '1:4', '4:1', '1:8', '8:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'],
			default: 'auto',
			names: { auto: 'Auto' },
		},
		{
			type: 'options',
			key: 'quality',
			param: 'nanoBanana2Quality',
			label: 'Resolution',
			description: 'Output resolution; each level is priced differently',
			values: ['0.5K', '1K', '2K', '4K'],
			default: '2K',
		},
		{
			type: 'boolean',
			key: 'model_params.web_search',
			param: 'nanoBanana2WebSearch',
			label: 'Web Search',
			description: 'Whether the model may use web search results to inform the image',
			default: false,
			optional: true,
		},
		{
			type: 'boolean',
			key: 'model_params.image_search',
			param: 'nanoBanana2ImageSearch',
			label: 'Image Search',
			description: 'Whether the model may use web image search results',
			default: false,
			optional: true,
		},
		{
			type: 'options',
			key: 'model_params.thinking_level',
			param: 'nanoBanana2ThinkingLevel',
			label: 'Thinking Level',
			description: '"min" is fastest, "high" thinks longest before drawing',
			values: ['', 'auto', 'min', 'high'],
			default: '',
			names: { '': 'Model Default (Auto)', auto: 'Auto', min: 'Min', high: 'High' },
			optional: true,
		},
	],
	references: { key: 'image_urls', min: 0, max: 14, maxBytes: 20 * MEGABYTE, formats: ['png', 'jpeg', 'webp'] },
};
