/**
 * Veo 3.1 fast and pro. Sources: Evolink's "Veo3.1-Fast Video Generation Beta" and "Veo3.1-Pro
 * Video Generation Beta" pages (2026; the ids veo3.1-fast / veo3.1-pro are mapped to their -beta
 * names, so a task may report those). quality is 720p only since June 2026: no field. There is no
 * duration field. Frames: 1 image = first frame, 2 = first and last; REFERENCE (fast only) takes
 * up to 3 and only 16:9. The veo-3.1-*-generate-preview ids are other models (use Other).
 */
import { MEGABYTE } from '../limits';
import type { ModelEntry, ModelField, RaiseIssue } from './types';

function veoFields(prefix: string, types: string[]): ModelField[] {
	return [
		{
			type: 'options',
			key: 'aspect_ratio',
			param: `${prefix}AspectRatio`,
			label: 'Aspect Ratio',
			description: '"auto" follows the first frame, or the prompt without one',
			values: ['auto', '16:9', '9:16'],
			default: 'auto',
			names: { auto: 'Auto' },
		},
		{
			type: 'options',
			key: 'generation_type',
			param: `${prefix}GenerationType`,
			label: 'Generation Type',
			description: 'TEXT: from the prompt only; FIRST&LAST: from a first (and last) frame; REFERENCE: from up to 3 reference images (16:9 only)',
			values: ['', ...types],
			default: '',
			names: { '': 'From the Images Given', TEXT: 'Text', 'FIRST&LAST': 'First & Last Frame', REFERENCE: 'Reference Images' },
			optional: true,
		},
		{
			type: 'boolean',
			key: 'enhance_prompt',
			param: `${prefix}EnhancePrompt`,
			label: 'Enhance Prompt',
			description: 'Whether Evolink may improve the prompt (and translate it into English) first',
			default: true,
		},
	];
}

function checkVeo(body: Record<string, unknown>, raise: RaiseIssue): void {
	const images = Array.isArray(body.image_urls) ? body.image_urls.length : 0;
	const type = body.generation_type;
	if (type === 'TEXT' && images > 0) raise('generation_type', `TEXT takes no images, got ${images}`);
	if (type === 'FIRST&LAST' && (images < 1 || images > 2)) raise('generation_type', `FIRST&LAST needs 1 or 2 frames, got ${images}`);
	if (type === 'REFERENCE' && images < 1) raise('generation_type', 'REFERENCE needs 1 to 3 reference images, got none');
	if (type === 'REFERENCE' && body.aspect_ratio !== '16:9') raise('aspect_ratio', `must be 16:9 with REFERENCE, got "${String(body.aspect_ratio)}"`);
	if (type !== 'REFERENCE' && images > 2) raise('image_urls', `can hold more than 2 images only with Generation Type REFERENCE, got ${images}`);
}

const VEO_REFERENCES = { key: 'image_urls', min: 0, maxBytes: 10 * MEGABYTE, formats: ['png', 'jpeg', 'webp'] } as const;

export const veo31Fast: ModelEntry = {
	id: 'veo3.1-fast',
	displayName: 'Veo 3.1 Fast',
	summary: 'Google\'s Veo 3.1, fast channel: 8 s 720p videos with sound from text, first/last frames or references. About 3 minutes.',
	output: 'video',
	endpoint: '/v1/videos/generations',
	source: 'https://docs.evolink.ai/en/api-manual/video-series/veo3.1/veo3.1-fast-video-generate',
	expectedSeconds: 180,
	prompt: { required: true, maxCharacters: 2000 },
	fields: veoFields('veoFast', ['TEXT', 'FIRST&LAST', 'REFERENCE']),
	references: { ...VEO_REFERENCES, max: 3 },
	crossCheck: checkVeo,
};

export const veo31Pro: ModelEntry = {
	id: 'veo3.1-pro',
	displayName: 'Veo 3.1 Pro',
	summary: 'Google\'s Veo 3.1, pro channel: higher quality 8 s 720p videos from text or a first/last frame. About 3 minutes.',
	output: 'video',
	endpoint: '/v1/videos/generations',
	source: 'https://docs.evolink.ai/en/api-manual/video-series/veo3.1/veo3.1-pro-video-generate',
	expectedSeconds: 180,
	prompt: { required: true, maxCharacters: 2000 },
	fields: veoFields('veoPro', ['TEXT', 'FIRST&LAST']),
	references: { ...VEO_REFERENCES, max: 2 },
	crossCheck: checkVeo,
};
