/**
 * Suno V5 (suno-v5-beta; the old id suno-v5 is mapped to it). Source: Evolink's "Suno Music
 * Generation" page (2026). Simple mode: a description of at most 500 characters. Custom mode: the
 * prompt holds the lyrics (≤ 5000), and style (≤ 1000) and title (≤ 80) are required. Earlier
 * editions required custom_mode and instrumental, so both are always sent. A task gives several
 * tracks (result_data); links last 72 hours by the page (24 by Evolink's own tool: save them).
 */
import type { ModelEntry } from './types';

export const sunoV5: ModelEntry = {
	id: 'suno-v5-beta',
	displayName: 'Suno V5',
	summary: 'Suno V5: full songs with vocals, or instrumentals, from a description or your own lyrics and style. About 2 minutes; several tracks per task.',
	output: 'audio',
	endpoint: '/v1/audios/generations',
	source: 'https://docs.evolink.ai/en/api-manual/audio-series/suno/suno-music-generation',
	expectedSeconds: 120,
	prompt: { required: true, maxCharacters: 5000 },
	fields: [
		{
			type: 'boolean',
			key: 'custom_mode',
			param: 'sunoCustomMode',
			label: 'Custom Mode',
			description: 'Whether the prompt holds your lyrics (then Style and Title are required); off: the prompt describes the song (≤ 500 characters)',
			default: false,
		},
		{
			type: 'boolean',
			key: 'instrumental',
			param: 'sunoInstrumental',
			label: 'Instrumental',
			description: 'Whether the music has no vocals',
			default: false,
		},
		{
			type: 'string',
			key: 'style',
			param: 'sunoStyle',
			label: 'Style',
			description: 'Genre, mood and instruments, e.g. "lo-fi hip hop, mellow piano" (≤ 1000 characters; custom mode)',
			default: '',
			maxLength: 1000,
			optional: true,
		},
		{
			type: 'string',
			key: 'title',
			param: 'sunoTitle',
			label: 'Title',
			description: 'Song title (≤ 80 characters; custom mode)',
			default: '',
			maxLength: 80,
			optional: true,
		},
		{
			type: 'string',
			key: 'negative_tags',
			param: 'sunoNegativeTags',
			label: 'Exclude Styles',
			description: 'Styles to avoid, e.g. "heavy metal" (≤ 200 characters)',
			default: '',
			maxLength: 200,
			optional: true,
		},
	],
	crossCheck(body, raise) {
		const custom = body.custom_mode === true || body.custom_mode === 'true';
		const prompt = typeof body.prompt === 'string' ? Array.from(body.prompt).length : 0;
		if (!custom && prompt > 500) raise('prompt', `must be at most 500 characters long without Custom Mode (lyrics go in Custom Mode), got ${prompt}`);
		if (custom && !body.style) raise('style', 'is required in Custom Mode');
		if (custom && !body.title) raise('title', 'is required in Custom Mode');
	},
};
