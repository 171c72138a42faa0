/**
 * Seedream 4.5 (doubao-seedream-4.5). Source: Evolink's "Seedream 4.5" page (2026). n is only a
 * cap: the prompt must ask for that many images, and references plus images may not pass 15 (the
 * API clips rather than fails; the node refuses, the stricter choice, so nobody pays for fewer
 * images than asked). size: 2K, 4K, or WxH with 3 686 400–16 777 216 pixels and a ratio up to 16.
 * References: up to 14, 10 MB, sides over 14 pixels (BMP and TIFF only by URL: the file API takes
 * neither). Seedream 5.0 lite is left to Other: its page could not be read completely.
 */
import { MEGABYTE } from '../limits';
import { checkPixels, pixelSize } from './sizes';
import type { ModelEntry } from './types';

const MAX_IMAGES_WITH_REFERENCES = 15;

function checkSize(value: string): string | undefined {
	if (value === '2K' || value === '4K') return undefined;
	const pixels = pixelSize(value);
	if (!pixels) return `must be 2K, 4K or a pixel size such as 2048x2048, got "${value}"`;
	return checkPixels(pixels.width, pixels.height, { minPixels: 3_686_400, maxPixels: 16_777_216, maxRatio: 16 });
}

export const seedream45: ModelEntry = {
	id: 'doubao-seedream-4.5',
	displayName: 'Seedream 4.5',
	summary: 'ByteDance\'s Seedream 4.5: photorealistic 2K–4K images, sets of up to 15 related images, up to 14 references. About 45 s.',
	output: 'image',
	endpoint: '/v1/images/generations',
	source: 'https://docs.evolink.ai/en/api-manual/image-series/seedream/seedream-4.5-image-generate',
	expectedSeconds: 45,
	prompt: { required: true, maxCharacters: 2000 },
	fields: [
		{
			type: 'string',
			key: 'size',
			param: 'seedream45Size',
			label: 'Size',
			description: '2K or 4K (describe the shape in the prompt), or a pixel size WxH of 3.7 to 16.8 megapixels, e.g. 2048x2048',
			default: '2K',
			placeholder: '2K, 4K or 2560x1440',
			check: checkSize,
		},
		{
			type: 'number',
			key: 'n',
			param: 'seedream45N',
			label: 'Max Number of Images',
			description:
				'Upper limit of images (1–15; credits are reserved for all). Ask for the count in the prompt too, e.g. "four variations". References and images together: at most 15.',
			min: 1,
			max: 15,
			integer: true,
			default: 1,
		},
	],
	references: { key: 'image_urls', min: 0, max: 14, maxBytes: 10 * MEGABYTE, formats: ['png', 'jpeg', 'webp', 'gif'], minSide: 15 },
	crossCheck(body, raise) {
		const references = Array.isArray(body.image_urls) ? body.image_urls.length : 0;
		const n = Number(body.n ?? 1);
		if (references + n > MAX_IMAGES_WITH_REFERENCES) {
			raise('n', `with ${references} reference images may be at most ${MAX_IMAGES_WITH_REFERENCES - references} (references and images together at most ${MAX_IMAGES_WITH_REFERENCES}), got ${n}`);
		}
	},
};
