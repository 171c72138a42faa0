/**
 * Kling V3 text-to-video and Kling O3 image-to-video. Sources: Evolink's "Kling-V3 Text to Video"
 * and "Kling-O3 Image to Video" pages (2026; 4k added in April 2026). sound is the string on/off.
 * O3 takes its frames as image_start / image_end (JPEG or PNG only, ≤ 10 MB, sides ≥ 300 px, ratio
 * up to 2.5); its page does not say a frame is required, but a sibling page does: the stricter
 * reading (a first frame is required) is enforced. Multi-shot and element lists go through
 * Additional Body Fields (model_params).
 */
import { MEGABYTE } from '../limits';
import { durationField, negativePromptField, qualityField } from './common-fields';
import type { ModelEntry, ModelField } from './types';

function klingFields(prefix: string): ModelField[] {
	return [
		durationField(`${prefix}Duration`, 3, 15, ' (billed per second)'),
		{
			type: 'options',
			key: 'aspect_ratio',
			param: `${prefix}AspectRatio`,
			label: 'Aspect Ratio',
			description: 'Shape of the video',
			values: ['', '16:9', '9:16', '1:1'],
			default: '',
			names: { '': 'Model Default' },
			optional: true,
		},
		qualityField(`${prefix}Quality`, ['720p', '1080p', '4k'], '720p', '720p (standard), 1080p (pro) or 4k'),
		{
			type: 'options',
			key: 'sound',
			param: `${prefix}Sound`,
			label: 'Sound',
			description: 'Whether the video gets sound (costs more)',
			values: ['off', 'on'],
			default: 'off',
			names: { off: 'Off', on: 'On' },
		},
		negativePromptField(`${prefix}NegativePrompt`, 'video'),
	];
}

const PAGES = 'https://docs.evolink.ai/en/api-manual/video-series/kling';

export const klingV3TextToVideo: ModelEntry = {
	id: 'kling-v3-text-to-video',
	displayName: 'Kling V3 Text to Video',
	summary: 'Kuaishou\'s Kling 3.0: lifelike motion, 3–15 s, up to 4K, optional sound. About 5 minutes.',
	output: 'video',
	endpoint: '/v1/videos/generations',
	source: `${PAGES}/kling-v3-text-to-video`,
	expectedSeconds: 300,
	prompt: { required: true, maxCharacters: 2500 },
	fields: klingFields('klingV3'),
};

export const klingO3ImageToVideo: ModelEntry = {
	id: 'kling-o3-image-to-video',
	displayName: 'Kling O3 Image to Video',
	summary: 'Kling O3 (omni) from a first frame and optional last frame: 3–15 s, up to 4K, optional sound. About 5 minutes.',
	output: 'video',
	endpoint: '/v1/videos/generations',
	source: `${PAGES}/kling-o3-image-to-video`,
	expectedSeconds: 300,
	prompt: { required: true, maxCharacters: 2500 },
	fields: klingFields('klingO3'),
	references: { key: 'image_urls', frames: true, min: 1, max: 2, maxBytes: 10 * MEGABYTE, formats: ['png', 'jpeg'], minSide: 300, maxAspect: 2.5 },
};
