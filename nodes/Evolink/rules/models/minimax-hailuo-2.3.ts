/**
 * MiniMax Hailuo 2.3. Source: Evolink's "Hailuo 2.3" page (2026): prompt ≤ 2000 (camera commands
 * such as [Pan left] allowed); at most one image (text-to-video without), ≤ 20 MB, JPEG/PNG/WebP,
 * ratio 2:5–5:2, short side over 300 px; quality 768p or 1080p, duration 6 or 10, and 10 s not
 * at 1080p. The page shows no estimated time: 3 minutes is assumed.
 */
import { MEGABYTE } from '../limits';
import type { ModelEntry } from './types';

export const hailuo23: ModelEntry = {
	id: 'MiniMax-Hailuo-2.3',
	displayName: 'Hailuo 2.3',
	summary: 'MiniMax\'s Hailuo 2.3: expressive 6 or 10 s videos with camera commands, from text or one image. A few minutes.',
	output: 'video',
	endpoint: '/v1/videos/generations',
	source: 'https://docs.evolink.ai/en/api-manual/video-series/hailuo/hailuo-2-3-video-generate',
	expectedSeconds: 180,
	prompt: { required: true, maxCharacters: 2000 },
	fields: [
		{
			type: 'options',
			key: 'quality',
			param: 'hailuoQuality',
			label: 'Quality',
			description: '768p, or 1080p (only with 6 s)',
			values: ['768p', '1080p'],
			default: '768p',
		},
		{
			type: 'options',
			key: 'duration',
			param: 'hailuoDuration',
			label: 'Duration (Seconds)',
			description: '6 or 10 s (10 s only at 768p)',
			values: [6, 10],
			default: 6,
		},
	],
	references: { key: 'image_urls', min: 0, max: 1, maxBytes: 20 * MEGABYTE, formats: ['png', 'jpeg', 'webp'], minSide: 301, maxAspect: 2.5 },
	crossCheck(body, raise) {
		if (body.quality === '1080p' && Number(body.duration) === 10) raise('duration', 'can only be 6 at 1080p, got 10');
	},
};
