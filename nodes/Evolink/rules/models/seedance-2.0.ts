/**
 * Seedance 2.0 text-to-video and image-to-video, standard and fast. Source: Evolink's Seedance 2.0
 * pages (2026). duration 4–15; quality 480p–4k (fast: 480p, 720p; the overview page lacks 4k,
 * the model pages, newer, list it: offered on standard only); aspect_ratio's default moved from
 * 16:9 to adaptive in 2026, so it is always sent; the prompt cap is "10000 tokens" (no character
 * count given): 10 000 characters is enforced. Image-to-video: 1–2 frames (first, then last),
 * JPEG/PNG/WebP, ≤ 30 MB, sides 300–6000 px, ratio 0.4–2.5.
 */
import { MEGABYTE } from '../limits';
import { durationField, qualityField } from './common-fields';
import type { ModelEntry, ModelField } from './types';

function seedanceFields(prefix: string, qualities: string[], textToVideo: boolean): ModelField[] {
	const fields: ModelField[] = [
		durationField(`${prefix}Duration`, 4, 15, ' (billed per second)'),
		qualityField(`${prefix}Quality`, qualities, '720p'),
		{
			type: 'options',
			key: 'aspect_ratio',
			param: `${prefix}AspectRatio`,
			label: 'Aspect Ratio',
			description: '"adaptive" follows the first frame, or the prompt without one',
			values: ['adaptive', '16:9', '9:16', '1:1', '4:3', '3:4', '21:9'],
			default: 'adaptive',
			names: { adaptive: 'Adaptive' },
		},
		{
			type: 'boolean',
			key: 'generate_audio',
			param: `${prefix}GenerateAudio`,
			label: 'Generate Audio',
			description: 'Whether the video gets synchronised sound (no extra charge)',
			default: true,
		},
	];
	if (textToVideo) {
		fields.push({
			type: 'boolean',
			key: 'model_params.web_search',
			param: `${prefix}WebSearch`,
			label: 'Web Search',
			description: 'Whether the model may search the web first (charged per search; adds time)',
			default: false,
			optional: true,
		});
	}
	return fields;
}

const FRAMES = {
	key: 'image_urls',
	min: 1,
	max: 2,
	maxBytes: 30 * MEGABYTE,
	formats: ['png', 'jpeg', 'webp'],
	minSide: 300,
	maxSide: 6000,
	maxAspect: 2.5,
} as const;

const BASE = {
	output: 'video',
	endpoint: '/v1/videos/generations',
	expectedSeconds: 165,
	prompt: { required: true, maxCharacters: 10000 },
} as const;

const PAGES = 'https://docs.evolink.ai/en/api-manual/video-series/seedance2.0';

export const seedance2TextToVideo: ModelEntry = {
	...BASE,
	id: 'seedance-2.0-text-to-video',
	displayName: 'Seedance 2.0 Text to Video',
	summary: 'ByteDance\'s Seedance 2.0: cinematic 4–15 s videos with sound from a prompt, up to 4K. About 3 minutes.',
	source: `${PAGES}/seedance-2.0-text-to-video`,
	fields: seedanceFields('seedanceT2v', ['480p', '720p', '1080p', '4k'], true),
};

export const seedance2ImageToVideo: ModelEntry = {
	...BASE,
	id: 'seedance-2.0-image-to-video',
	displayName: 'Seedance 2.0 Image to Video',
	summary: 'Seedance 2.0 from a first frame (and optional last frame): animates a product photo or scene, 4–15 s, up to 4K. About 3 minutes.',
	source: `${PAGES}/seedance-2.0-image-to-video`,
	fields: seedanceFields('seedanceI2v', ['480p', '720p', '1080p', '4k'], false),
	references: FRAMES,
};

export const seedance2FastTextToVideo: ModelEntry = {
	...BASE,
	id: 'seedance-2.0-fast-text-to-video',
	displayName: 'Seedance 2.0 Fast Text to Video',
	summary: 'Seedance 2.0 fast: cheaper, quicker 480p/720p videos from a prompt, 4–15 s. About 3 minutes or less.',
	source: `${PAGES}/seedance-2.0-fast-text-to-video`,
	fields: seedanceFields('seedanceFastT2v', ['480p', '720p'], true),
};

export const seedance2FastImageToVideo: ModelEntry = {
	...BASE,
	id: 'seedance-2.0-fast-image-to-video',
	displayName: 'Seedance 2.0 Fast Image to Video',
	summary: 'Seedance 2.0 fast from a first (and last) frame: cheaper 480p/720p, 4–15 s. About 3 minutes or less.',
	source: `${PAGES}/seedance-2.0-fast-image-to-video`,
	fields: seedanceFields('seedanceFastI2v', ['480p', '720p'], false),
	references: FRAMES,
};
