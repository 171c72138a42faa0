/**
 * Sora 2 (sora-2-preview). Source: Evolink's "Sora-2 Video Generation" page (2026): prompt up to
 * 5000; aspect_ratio 1280x720, 720x1280, 16:9 or 9:16 (no default stated: the node sends one);
 * duration 4, 8 or 12; at most one image, ≤ 10 MB, no real people, whose pixels must match the
 * chosen size exactly (checked for binary images when the size is given in pixels; what a 16:9
 * image must measure is not stated).
 */
import { MEGABYTE } from '../limits';
import type { ModelEntry } from './types';

export const sora2Preview: ModelEntry = {
	id: 'sora-2-preview',
	displayName: 'Sora 2',
	summary: 'OpenAI\'s Sora 2: 4, 8 or 12 s videos with sound from a prompt or one image; strict moderation. About 5 minutes.',
	output: 'video',
	endpoint: '/v1/videos/generations',
	source: 'https://docs.evolink.ai/en/api-manual/video-series/sora2/sora-2-preview-video-generate',
	expectedSeconds: 300,
	prompt: { required: true, maxCharacters: 5000 },
	fields: [
		{
			type: 'options',
			key: 'aspect_ratio',
			param: 'soraAspectRatio',
			label: 'Aspect Ratio',
			description: 'Landscape or portrait; an image given as first frame must have exactly this pixel size',
			values: ['1280x720', '720x1280', '16:9', '9:16'],
			default: '1280x720',
			names: { '1280x720': 'Landscape 1280×720', '720x1280': 'Portrait 720×1280', '16:9': 'Landscape 16:9', '9:16': 'Portrait 9:16' },
		},
		{
			type: 'options',
			key: 'duration',
			param: 'soraDuration',
			label: 'Duration (Seconds)',
			description: 'Length of the video; longer costs more',
			values: [4, 8, 12],
			default: 4,
		},
	],
	references: { key: 'image_urls', min: 0, max: 1, maxBytes: 10 * MEGABYTE, formats: ['png', 'jpeg', 'webp'], exactSizeKey: 'aspect_ratio' },
};
