/**
 * Video and music models through n8n's engine (node version 2): exact bodies per model, each
 * model's rules refused before anything is sent, frames from URLs and binary data, and results
 * streamed into binary data with the right media type and extension. Rules: nodes/Evolink/rules/models.
 */
import { binaryEntry, png } from '../fixtures/images';
import { jsonOf, runNode, useSimulator } from './setup';

const ctx = useSimulator();
const V2 = { typeVersion: 2 };
const fast = { minPollInterval: 0.5, pollInterval: 1 };

const request = (resource: string, operation: string, model: string, parameters: Record<string, unknown> = {}, options: Record<string, unknown> = {}) => ({
	resource,
	operation,
	model,
	prompt: 'A paper boat drifting on a rainy street',
	...parameters,
	options,
});

const VIDEOS = '/v1/videos/generations';
const AUDIOS = '/v1/audios/generations';

describe.each([
	['veo3.1-fast', {}, { aspect_ratio: 'auto', enhance_prompt: true }],
	[
		'veo3.1-fast',
		{ veoFastAspectRatio: '16:9', veoFastGenerationType: 'REFERENCE', referenceImages: 'url', imageUrls: 'https://e.com/a.png, https://e.com/b.png, https://e.com/c.png' },
		{ aspect_ratio: '16:9', generation_type: 'REFERENCE', enhance_prompt: true, image_urls: ['https://e.com/a.png', 'https://e.com/b.png', 'https://e.com/c.png'] },
	],
	['veo3.1-pro', { veoProEnhancePrompt: false }, { aspect_ratio: 'auto', enhance_prompt: false }],
	['seedance-2.0-text-to-video', {}, { duration: 5, quality: '720p', aspect_ratio: 'adaptive', generate_audio: true }],
	[
		'seedance-2.0-text-to-video',
		{ seedanceT2vDuration: 12, seedanceT2vQuality: '4k', seedanceT2vWebSearch: true },
		{ duration: 12, quality: '4k', aspect_ratio: 'adaptive', generate_audio: true, model_params: { web_search: true } },
	],
	[
		'seedance-2.0-image-to-video',
		{ referenceImages: 'url', imageUrls: 'https://e.com/first.png, https://e.com/last.png' },
		{ duration: 5, quality: '720p', aspect_ratio: 'adaptive', generate_audio: true, image_urls: ['https://e.com/first.png', 'https://e.com/last.png'] },
	],
	['seedance-2.0-fast-text-to-video', { seedanceFastT2vQuality: '480p' }, { duration: 5, quality: '480p', aspect_ratio: 'adaptive', generate_audio: true }],
	[
		'seedance-2.0-fast-image-to-video',
		{ referenceImages: 'url', imageUrls: 'https://e.com/first.png' },
		{ duration: 5, quality: '720p', aspect_ratio: 'adaptive', generate_audio: true, image_urls: ['https://e.com/first.png'] },
	],
	['kling-v3-text-to-video', { klingV3Sound: 'on', klingV3AspectRatio: '9:16' }, { duration: 5, aspect_ratio: '9:16', quality: '720p', sound: 'on' }],
	[
		'kling-o3-image-to-video',
		{ referenceImages: 'url', imageUrls: 'https://e.com/start.png\nhttps://e.com/end.png', klingO3Quality: '1080p' },
		{ duration: 5, quality: '1080p', sound: 'off', image_start: 'https://e.com/start.png', image_end: 'https://e.com/end.png' },
	],
	['sora-2-preview', { soraDuration: 12 }, { aspect_ratio: '1280x720', duration: 12 }],
	['wan2.7-text-to-video', { wanT2vNegativePrompt: 'blur' }, { duration: 5, quality: '720p', aspect_ratio: '16:9', negative_prompt: 'blur', prompt_extend: false }],
	['wan2.7-image-to-video', { referenceImages: 'url', imageUrls: 'https://e.com/start.png' }, { duration: 5, quality: '720p', prompt_extend: false, image_start: 'https://e.com/start.png' }],
	['MiniMax-Hailuo-2.3', { hailuoDuration: 10 }, { quality: '768p', duration: 10 }],
])('%s %j', (model, parameters, expected) => {
	it('sends exactly the expected body to the video endpoint', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, request('video', 'create', model, parameters), V2);
		expect(result.error?.message).toBeUndefined();
		const [create] = sim.requests;
		expect(create.path).toBe(VIDEOS);
		expect(create.body).toEqual({ model, prompt: 'A paper boat drifting on a rainy street', ...expected });
		expect(jsonOf(result)[0]).toMatchObject({ object: 'video.generation.task', status: 'pending' });
	});
});

describe('video rules refuse before anything is sent', () => {
	it.each([
		['veo3.1-fast', { veoFastGenerationType: 'REFERENCE', referenceImages: 'url', imageUrls: 'https://e.com/a.png' }, 'Invalid "Aspect Ratio" in item 0: must be 16:9 with REFERENCE, got "auto"'],
		['veo3.1-pro', { referenceImages: 'url', imageUrls: 'https://e.com/a.png, https://e.com/b.png, https://e.com/c.png' }, 'Invalid "Reference Image URLs" in item 0: must list at most 2 images'],
		['veo3.1-fast', { veoFastGenerationType: 'TEXT', referenceImages: 'url', imageUrls: 'https://e.com/a.png' }, 'Invalid "Generation Type" in item 0: TEXT takes no images, got 1'],
		['seedance-2.0-text-to-video', { seedanceT2vDuration: 16 }, 'Invalid "Duration (Seconds)" in item 0: must be a whole number from 4 to 15, got 16'],
		['seedance-2.0-fast-text-to-video', { seedanceFastT2vQuality: '1080p' }, 'Invalid "Quality" in item 0: must be one of 480p, 720p, got "1080p"'],
		['seedance-2.0-image-to-video', {}, 'Invalid "Reference Image URLs" in item 0: Seedance 2.0 Image to Video needs 1 to 2 frames'],
		['kling-o3-image-to-video', {}, 'Invalid "Reference Image URLs" in item 0: Kling O3 Image to Video needs 1 to 2 frames'],
		['kling-v3-text-to-video', { prompt: 'x'.repeat(2501) }, 'Invalid "Prompt" in item 0: must be at most 2500 characters long, got 2501'],
		['sora-2-preview', { soraDuration: 6 }, 'Invalid "Duration (Seconds)" in item 0: must be 4, 8 or 12, got 6'],
		['sora-2-preview', { referenceImages: 'url', imageUrls: 'https://e.com/a.png, https://e.com/b.png' }, 'Invalid "Reference Image URLs" in item 0: must list at most 1 images'],
		['wan2.7-text-to-video', { wanT2vNegativePrompt: 'x'.repeat(501) }, 'Invalid "Negative Prompt" in item 0: must be at most 500 characters long'],
		['MiniMax-Hailuo-2.3', { hailuoQuality: '1080p', hailuoDuration: 10 }, 'Invalid "Duration (Seconds)" in item 0: can only be 6 at 1080p, got 10'],
	])('%s %j', async (model, parameters, message) => {
		const { sim } = ctx;
		const result = await runNode(sim, request('video', 'create', model, parameters), V2);
		expect(result.error.message).toBe(message);
		expect(sim.requests).toHaveLength(0);
	});

	it('checks binary frames against the model: a Seedance frame under 300 pixels', async () => {
		const { sim } = ctx;
		const input = [{ json: {}, binary: { data: binaryEntry(png(200, 400), 'image/png', 'frame.png') } }];
		const result = await runNode(sim, request('video', 'create', 'seedance-2.0-image-to-video', { referenceImages: 'binary', imageBinaryFields: 'data' }), { ...V2, input });
		expect(result.error.message).toBe('Invalid "Reference Image Fields" in item 0: "data" is 200×400 pixels; seedance-2.0-image-to-video takes sides from 300 to 6000 pixels');
		expect(sim.requests).toHaveLength(0);
	});

	it('checks a Sora first frame against the chosen size exactly', async () => {
		const { sim } = ctx;
		const input = [{ json: {}, binary: { data: binaryEntry(png(1280, 700), 'image/png', 'frame.png') } }];
		const result = await runNode(sim, request('video', 'create', 'sora-2-preview', { referenceImages: 'binary', imageBinaryFields: 'data' }), { ...V2, input });
		expect(result.error.message).toBe(
			'Invalid "Reference Image Fields" in item 0: "data" is 1280×700 pixels; with aspect_ratio 1280x720, sora-2-preview needs an image of exactly 1280×720',
		);
		expect(sim.requests).toHaveLength(0);
	});

	it('uploads binary frames and sends them as image_start / image_end (Kling O3)', async () => {
		const { sim } = ctx;
		const input = [{ json: {}, binary: { first: binaryEntry(png(400, 300), 'image/png', 'first.png'), last: binaryEntry(png(400, 300), 'image/png', 'last.png') } }];
		const result = await runNode(sim, request('video', 'create', 'kling-o3-image-to-video', { referenceImages: 'binary', imageBinaryFields: 'first, last' }), { ...V2, input });
		expect(result.error?.message).toBeUndefined();
		const body = sim.requests.find((r: { path: string }) => r.path === VIDEOS).body;
		expect(body.image_start).toMatch(/first\.png$/);
		expect(body.image_end).toMatch(/last\.png$/);
		expect(body.image_urls).toBeUndefined();
	});
});

describe('results as files', () => {
	it('Generate streams the video into binary data as video/mp4 with an .mp4 name', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, request('video', 'generate', 'seedance-2.0-text-to-video', {}, fast), V2);
		expect(result.error?.message).toBeUndefined();
		const [item] = result.itemsOf('Evolink');
		expect(item.json.videoUrls).toHaveLength(1);
		expect(item.binary.data).toMatchObject({ mimeType: 'video/mp4', fileExtension: 'mp4', fileName: `${item.json.id}-1.mp4` });
	});

	it('caps video size by its own option', async () => {
		const { sim } = ctx;
		sim.configure({ resultMediaBytes: 3 * 2 ** 20 });
		try {
			const result = await runNode(sim, request('video', 'generate', 'wan2.7-text-to-video', {}, { ...fast, maxVideoSize: 2 }), V2);
			expect(result.error.message).toMatch(/^Could not download video 1 of task .*: the file is larger than the 2 MB limit set in the node's options/);
		} finally {
			sim.configure({ resultMediaBytes: 65536 });
		}
	});

	it('music: every track comes out, one item per track with its metadata and an .mp3 file', async () => {
		const { sim } = ctx;
		const parameters = { sunoCustomMode: true, sunoStyle: 'lo-fi, piano', sunoTitle: 'Rain', prompt: '[Verse] Rain on the window' };
		const result = await runNode(sim, request('audio', 'generate', 'suno-v5-beta', parameters, { ...fast, outputMode: 'perImage', additionalFields: '{"n": 2}' }), V2);
		expect(result.error?.message).toBeUndefined();
		const create = sim.requests.find((r: { path: string }) => r.path === AUDIOS).body;
		expect(create).toEqual({ model: 'suno-v5-beta', prompt: '[Verse] Rain on the window', custom_mode: true, instrumental: false, style: 'lo-fi, piano', title: 'Rain', n: 2 });
		const out = result.itemsOf('Evolink');
		expect(out).toHaveLength(2);
		expect(out.map((i: { json: Record<string, unknown> }) => i.json.trackIndex)).toEqual([0, 1]);
		expect(out[0].json.track).toMatchObject({ title: 'Rain', duration: 30 });
		expect(out[0].binary.data).toMatchObject({ mimeType: 'audio/mpeg', fileExtension: 'mp3' });
	});

	it('music rules: a description over 500 characters needs Custom Mode; Custom Mode needs a style and title', async () => {
		const { sim } = ctx;
		const long = await runNode(sim, request('audio', 'create', 'suno-v5-beta', { prompt: 'x'.repeat(501) }), V2);
		expect(long.error.message).toBe('Invalid "Prompt" in item 0: must be at most 500 characters long without Custom Mode (lyrics go in Custom Mode), got 501');
		const custom = await runNode(sim, request('audio', 'create', 'suno-v5-beta', { sunoCustomMode: true }), V2);
		expect(custom.error.message).toBe('Invalid "Style" in item 0: is required in Custom Mode');
		expect(sim.requests).toHaveLength(0);
	});

	it('Other works for video: any id, the JSON body, the video endpoint', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, request('video', 'create', 'other', { modelId: 'MiniMax-Hailuo-2.3-Fast', bodyJson: '{"image_urls": ["https://e.com/a.png"]}' }), V2);
		expect(result.error?.message).toBeUndefined();
		expect(sim.requests[0]).toMatchObject({ path: VIDEOS, body: { model: 'MiniMax-Hailuo-2.3-Fast', image_urls: ['https://e.com/a.png'] } });
	});
});
