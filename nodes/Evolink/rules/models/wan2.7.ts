/**
 * Wan 2.7 text-to-video and image-to-video. Sources: Evolink's "Wan2.7 Text to Video" and "Wan2.7
 * Image to Video" pages (2026; the image page was rewritten in May 2026: prompt_extend's default
 * became false, so it is always sent). Prompt ≤ 5000 and negative prompt ≤ 500 are truncated by
 * the API; the node refuses longer text instead. duration 2–15 (sent as an integer). Image to
 * video: first frame, or first and last frame (image_start / image_end: JPEG, PNG or WebP via the
 * file API, ≤ 20 MB, sides 240–8000, ratio up to 8); generation_mode follows from the frames.
 * Driving audio, seed and video continuation go through Additional Body Fields.
 */
import { MEGABYTE } from '../limits';
import { durationField, negativePromptField, qualityField } from './common-fields';
import type { ModelEntry, ModelField } from './types';

function wanFields(prefix: string, withAspect: boolean): ModelField[] {
	const fields: ModelField[] = [
		durationField(`${prefix}Duration`, 2, 15),
		qualityField(`${prefix}Quality`, ['720p', '1080p'], '720p'),
	];
	if (withAspect) {
		fields.push({
			type: 'options',
			key: 'aspect_ratio',
			param: `${prefix}AspectRatio`,
			label: 'Aspect Ratio',
			description: 'Shape of the video',
			values: ['16:9', '9:16', '1:1', '4:3', '3:4'],
			default: '16:9',
		});
	}
	fields.push(
		negativePromptField(`${prefix}NegativePrompt`, 'video', 500),
		{
			type: 'boolean',
			key: 'prompt_extend',
			param: `${prefix}PromptExtend`,
			label: 'Rewrite Prompt',
			description: 'Whether the model may expand the prompt first',
			default: false,
		},
	);
	return fields;
}

const PAGES = 'https://docs.evolink.ai/en/api-manual/video-series/wan2.7';

export const wan27TextToVideo: ModelEntry = {
	id: 'wan2.7-text-to-video',
	displayName: 'Wan 2.7 Text to Video',
	summary: 'Alibaba\'s Wan 2.7: 2–15 s videos from a prompt, 720p or 1080p, with generated sound. About 2 minutes.',
	output: 'video',
	endpoint: '/v1/videos/generations',
	source: `${PAGES}/wan2.7-text-to-video`,
	expectedSeconds: 120,
	prompt: { required: true, maxCharacters: 5000 },
	fields: wanFields('wanT2v', true),
};

export const wan27ImageToVideo: ModelEntry = {
	id: 'wan2.7-image-to-video',
	displayName: 'Wan 2.7 Image to Video',
	summary: 'Wan 2.7 from a first frame, or first and last frame: 2–15 s, 720p or 1080p. About 2 minutes.',
	output: 'video',
	endpoint: '/v1/videos/generations',
	source: `${PAGES}/wan2.7-image-to-video`,
	expectedSeconds: 120,
	prompt: { required: false, maxCharacters: 5000 },
	fields: wanFields('wanI2v', false),
	references: { key: 'image_urls', frames: true, min: 1, max: 2, maxBytes: 20 * MEGABYTE, formats: ['png', 'jpeg', 'webp'], minSide: 240, maxSide: 8000, maxAspect: 8 },
};
