/**
 * Every catalogued image model through n8n's engine (node version 2): a valid request reaches the
 * simulator with exactly the expected body, and each of the model's rules refuses bad input with
 * a message naming field, rule and item, before anything is sent. Rules: nodes/Evolink/rules/models.
 */
import { binaryEntry, jpeg, png } from '../fixtures/images';
import { items, jsonOf, runNode, useSimulator } from './setup';

const ctx = useSimulator();
const V2 = { typeVersion: 2 };

const create = (model: string, parameters: Record<string, unknown> = {}, options: Record<string, unknown> = {}) => ({
	resource: 'image',
	operation: 'create',
	model,
	prompt: 'A red fox in fresh snow',
	...parameters,
	options,
});

const CREATES = '/v1/images/generations';

describe.each([
	['gpt-4o-image', {}, { size: '1:1', n: 1 }],
	['gpt-4o-image', { size: '3:2', n: 4 }, { size: '3:2', n: 4 }],
	['gpt-image-1.5', {}, { size: '1:1', quality: 'high' }],
	['gpt-image-1.5', { gptImage15Size: '1024x1536', gptImage15Quality: 'low' }, { size: '1024x1536', quality: 'low' }],
	['gpt-image-2', {}, { size: 'auto', quality: 'medium', n: 1 }],
	['gpt-image-2', { gptImage2Size: '16:9', gptImage2Resolution: '4K', gptImage2N: 3 }, { size: '16:9', resolution: '4K', quality: 'medium', n: 3 }],
	['gpt-image-2', { gptImage2Size: '1536x1024', gptImage2Quality: 'high' }, { size: '1536x1024', quality: 'high', n: 1 }],
	['gemini-2.5-flash-image', {}, { size: 'auto' }],
	['gemini-2.5-flash-image', { nanoBananaSize: '16:9' }, { size: '16:9' }],
	['gemini-3.1-flash-image-preview', {}, { size: 'auto', quality: '2K' }],
	[
		'gemini-3.1-flash-image-preview',
		{ nanoBanana2Size: '8:1', nanoBanana2Quality: '4K', nanoBanana2WebSearch: true, nanoBanana2ThinkingLevel: 'high' },
		{ size: '8:1', quality: '4K', model_params: { web_search: true, thinking_level: 'high' } },
	],
	['gemini-3-pro-image-preview', {}, { size: 'auto', quality: '2K' }],
	['gemini-3-pro-image-preview', { nanoBananaProSize: '21:9', nanoBananaProQuality: '4K' }, { size: '21:9', quality: '4K' }],
	['doubao-seedream-4.5', {}, { size: '2K', n: 1 }],
	['doubao-seedream-4.5', { seedream45Size: '2560x1440', seedream45N: 4 }, { size: '2560x1440', n: 4 }],
	[
		'qwen-image-edit',
		{ referenceImages: 'url', imageUrls: 'https://example.com/room.png' },
		{ image_urls: ['https://example.com/room.png'] },
	],
	[
		'qwen-image-edit-plus',
		{ referenceImages: 'url', imageUrls: 'https://example.com/a.png, https://example.com/b.jpg', qwenPlusN: 3, qwenPlusNegativePrompt: 'blur' },
		{ image_urls: ['https://example.com/a.png', 'https://example.com/b.jpg'], n: 3, negative_prompt: 'blur', prompt_extend: true },
	],
])('%s %j', (model, parameters, expected) => {
	it('sends exactly the expected body', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, create(model, parameters), V2);
		expect(result.status).toBe('success');
		const [request] = sim.requests;
		expect(request.path).toBe(CREATES);
		expect(request.body).toEqual({ model, prompt: 'A red fox in fresh snow', ...expected });
		expect(jsonOf(result)[0]).toMatchObject({ status: 'pending', model });
	});
});

describe('each rule refuses before anything is sent', () => {
	it.each([
		['gpt-image-1.5', { prompt: 'x'.repeat(2001) }, 'Invalid "Prompt" in item 0: must be at most 2000 characters long, got 2001'],
		['gpt-image-1.5', { gptImage15Quality: 'auto' }, 'Invalid "Quality" in item 0: must be one of low, medium, high, got "auto"'],
		[
			'gpt-image-1.5',
			{ referenceImages: 'url', imageUrls: Array.from({ length: 17 }, (_, i) => `https://e.com/${i}.png`) },
			'Invalid "Reference Image URLs" in item 0: must list at most 16 images',
		],
		['gpt-image-2', { prompt: 'x'.repeat(32001) }, 'Invalid "Prompt" in item 0: must be at most 32000 characters long, got 32001'],
		['gpt-image-2', { gptImage2Size: '1000x1000' }, 'Invalid "Size" in item 0: must have a width and height that are multiples of 16, got 1000x1000'],
		['gpt-image-2', { gptImage2Size: '3840x1024' }, 'Invalid "Size" in item 0: must not be more than 3 times as wide as high (or the reverse), got 3840x1024'],
		['gpt-image-2', { gptImage2Size: '512x512' }, 'Invalid "Size" in item 0: must have from 655,360 to 8,294,400 pixels in all, got 512x512 (262,144)'],
		['gpt-image-2', { gptImage2Size: '5:1' }, 'Invalid "Size" in item 0: must be auto, a ratio (1:1, 1:2, 2:1, 1:3, 3:1, 2:3, 3:2, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9, 9:21, 21:9) or a pixel size such as 1536x1024, got "5:1"'],
		['gpt-image-2', { gptImage2Resolution: '2K' }, 'Invalid "Resolution" in item 0: only applies when Size is a ratio such as 16:9, not "auto": leave it at the model default'],
		['gpt-image-2', { gptImage2N: 11 }, 'Invalid "Number of Images" in item 0: must be a whole number from 1 to 10, got 11'],
		['gemini-2.5-flash-image', { prompt: 'x'.repeat(1001) }, 'Invalid "Prompt" in item 0: must be at most 1000 characters long, got 1001'],
		['gemini-2.5-flash-image', { nanoBananaSize: '21:9' }, 'Invalid "Aspect Ratio" in item 0: must be one of auto, 1:1, 2:3, 3:2, 4:3, 3:4, 16:9, 9:16, got "21:9"'],
		[
			'gemini-2.5-flash-image',
			{ referenceImages: 'url', imageUrls: Array.from({ length: 6 }, (_, i) => `https://e.com/${i}.png`) },
			'Invalid "Reference Image URLs" in item 0: must list at most 5 images',
		],
		['gemini-3.1-flash-image-preview', { nanoBanana2Quality: '8K' }, 'Invalid "Resolution" in item 0: must be one of 0.5K, 1K, 2K, 4K, got "8K"'],
		[
			'gemini-3.1-flash-image-preview',
			{ referenceImages: 'url', imageUrls: Array.from({ length: 15 }, (_, i) => `https://e.com/${i}.png`) },
			'Invalid "Reference Image URLs" in item 0: must list at most 14 images',
		],
		['gemini-3-pro-image-preview', { nanoBananaProSize: '1:8' }, 'Invalid "Aspect Ratio" in item 0: must be one of auto, 1:1, 2:3, 3:2, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9, 21:9, got "1:8"'],
		['gemini-3-pro-image-preview', { nanoBananaProQuality: '0.5K' }, 'Invalid "Resolution" in item 0: must be one of 1K, 2K, 4K, got "0.5K"'],
		['doubao-seedream-4.5', { seedream45Size: '1024x1024' }, 'Invalid "Size" in item 0: must have from 3,686,400 to 16,777,216 pixels in all, got 1024x1024 (1,048,576)'],
		['doubao-seedream-4.5', { seedream45Size: '1K' }, 'Invalid "Size" in item 0: must be 2K, 4K or a pixel size such as 2048x2048, got "1K"'],
		['doubao-seedream-4.5', { seedream45N: 16 }, 'Invalid "Max Number of Images" in item 0: must be a whole number from 1 to 15, got 16'],
		[
			'doubao-seedream-4.5',
			{ seedream45N: 5, referenceImages: 'url', imageUrls: Array.from({ length: 12 }, (_, i) => `https://e.com/${i}.png`) },
			'Invalid "Max Number of Images" in item 0: with 12 reference images may be at most 3 (references and images together at most 15), got 5',
		],
		['qwen-image-edit', {}, 'Invalid "Reference Image URLs" in item 0: Qwen Image Edit needs 1 to 3 reference images'],
		[
			'qwen-image-edit',
			{ referenceImages: 'url', imageUrls: 'https://e.com/1.png, https://e.com/2.png, https://e.com/3.png, https://e.com/4.png' },
			'Invalid "Reference Image URLs" in item 0: must list at most 3 images',
		],
		[
			'qwen-image-edit-plus',
			{ referenceImages: 'url', imageUrls: 'https://e.com/1.png', qwenPlusN: 2, qwenPlusSize: '1024x1024' },
			'Invalid "Size" in item 0: can only be set with one image, got Number of Images 2',
		],
		[
			'qwen-image-edit-plus',
			{ referenceImages: 'url', imageUrls: 'https://e.com/1.png', qwenPlusSize: '4096x4096' },
			'Invalid "Size" in item 0: must have sides from 512 to 2048 pixels, got 4096x4096',
		],
		[
			'qwen-image-edit-plus',
			{ referenceImages: 'url', imageUrls: 'https://e.com/1.png', qwenPlusNegativePrompt: 'x'.repeat(501) },
			'Invalid "Negative Prompt" in item 0: must be at most 500 characters long',
		],
		['qwen-image-edit-plus', { referenceImages: 'url', imageUrls: 'https://e.com/1.png', qwenPlusN: 7 }, 'Invalid "Number of Images" in item 0: must be a whole number from 1 to 6, got 7'],
	])('%s %j', async (model, parameters, message) => {
		const { sim } = ctx;
		const result = await runNode(sim, create(model, parameters), V2);
		expect(result.error.message).toBe(message);
		expect(sim.requests).toHaveLength(0);
	});

	it('names the item whose value breaks a rule when fields are expressions', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, create('gpt-image-2', { prompt: '={{ $json.prompt }}', gptImage2N: '={{ $json.n }}' }), {
			...V2,
			input: items({ prompt: 'fine', n: 2 }, { prompt: 'also fine', n: 12 }),
		});
		expect(result.error.message).toBe('Invalid "Number of Images" in item 1: must be a whole number from 1 to 10, got 12');
		expect(sim.requests).toHaveLength(0);
	});
});

describe('references from binary data follow each model\'s limits', () => {
	const photo = (width: number, height: number) => binaryEntry(png(width, height), 'image/png', 'photo.png');

	it('uploads references for Nano Banana 2 and sends their URLs', async () => {
		const { sim } = ctx;
		const input = [{ json: {}, binary: { a: photo(32, 32), b: binaryEntry(jpeg(40, 30), 'image/jpeg', 'b.jpg') } }];
		const result = await runNode(sim, create('gemini-3.1-flash-image-preview', { referenceImages: 'binary', imageBinaryFields: 'a, b' }), { ...V2, input });
		expect(result.error?.message).toBeUndefined();
		const body = sim.requests.find((r: { path: string }) => r.path === CREATES).body;
		expect(body.image_urls).toHaveLength(2);
		expect(sim.uploads.size).toBe(2);
	});

	it('refuses a Qwen reference smaller than 384 pixels before uploading', async () => {
		const { sim } = ctx;
		const input = [{ json: {}, binary: { data: photo(200, 500) } }];
		const result = await runNode(sim, create('qwen-image-edit', { referenceImages: 'binary', imageBinaryFields: 'data' }), { ...V2, input });
		expect(result.error.message).toBe('Invalid "Reference Image Fields" in item 0: "data" is 200×500 pixels; qwen-image-edit takes sides from 384 to 3072 pixels');
		expect(sim.requests).toHaveLength(0);
	});

	it('refuses a GIF for Nano Banana Pro, which takes JPEG, PNG or WebP', async () => {
		const { sim } = ctx;
		const input = [{ json: {}, binary: { data: binaryEntry(Buffer.from('GIF89a\x10\x00\x10\x00\x00\x00\x00;', 'binary'), 'image/gif', 'a.gif') } }];
		const result = await runNode(sim, create('gemini-3-pro-image-preview', { referenceImages: 'binary', imageBinaryFields: 'data' }), { ...V2, input });
		expect(result.error.message).toBe('Invalid "Reference Image Fields" in item 0: "data" is GIF; gemini-3-pro-image-preview takes JPEG, PNG or WebP');
		expect(sim.requests).toHaveLength(0);
	});

	it('sends a mask only where the model takes one (gpt-4o-image)', async () => {
		const { sim } = ctx;
		const input = [{ json: {}, binary: { data: photo(48, 32), mask: binaryEntry(png(48, 32), 'image/png', 'mask.png') } }];
		const ok = await runNode(sim, create('gpt-4o-image', { referenceImages: 'binary', imageBinaryFields: 'data', maskBinaryField: 'mask' }), { ...V2, input });
		expect(ok.status).toBe('success');
		expect(sim.requests.find((r: { path: string }) => r.path === CREATES).body.mask_url).toMatch(/mask\.png$/);
	});
});

describe('Other (enter ID): any model, checked only for the envelope', () => {
	it('sends the model id, prompt, callback and the JSON body as they are', async () => {
		const { sim } = ctx;
		const result = await runNode(
			sim,
			create('other', { modelId: 'doubao-seedream-5.0-lite', bodyJson: '{"size": "16:9", "quality": "3K", "n": 2}' }, { callbackUrl: 'https://hooks.example.com/evolink' }),
			V2,
		);
		expect(result.status).toBe('success');
		expect(sim.requests[0].body).toEqual({
			model: 'doubao-seedream-5.0-lite',
			prompt: 'A red fox in fresh snow',
			size: '16:9',
			quality: '3K',
			n: 2,
			callback_url: 'https://hooks.example.com/evolink',
		});
	});

	it.each([
		[{ modelId: '' }, 'Invalid "Model ID" in item 0: is required: the model\'s ID from Evolink\'s documentation, e.g. doubao-seedream-5.0-lite'],
		[{ modelId: 'my model' }, 'Invalid "Model ID" in item 0: must be a model ID such as doubao-seedream-5.0-lite (letters, digits, ".", "_", "-", no spaces)'],
		[{ modelId: 'x-1', bodyJson: '{"size": ' }, 'Invalid "Body (JSON)" in item 0: must be valid JSON'],
		[{ modelId: 'x-1', bodyJson: '[1, 2]' }, 'Invalid "Body (JSON)" in item 0: must be a JSON object like {"size": "16:9"}, got an array'],
		[{ modelId: 'x-1', bodyJson: '{"model": "y"}' }, 'Invalid "Body (JSON)" in item 0: must not set "model": use the node\'s Model ID field (it would be overridden otherwise)'],
		[{ modelId: 'x-1', bodyJson: '{"callback_url": "https://a.example.com"}' }, 'Invalid "Body (JSON)" in item 0: must not set "callback_url": use the node\'s Callback URL field (it would be overridden otherwise)'],
	])('%j is refused', async (parameters, message) => {
		const { sim } = ctx;
		const result = await runNode(sim, create('other', parameters), V2);
		expect(result.error.message.startsWith(message)).toBe(true);
		expect(sim.requests).toHaveLength(0);
	});

	it('applies the callback rules to Other too', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, create('other', { modelId: 'x-1' }, { callbackUrl: 'https://[::1]/hook' }), V2);
		expect(result.error.message).toBe('Invalid "Callback URL" in item 0: must be a public address: Evolink refuses loopback and private hosts such as "[::1]"');
		expect(sim.requests).toHaveLength(0);
	});
});

describe('Additional Body Fields (JSON) on typed models', () => {
	it('adds fields the node has no field for', async () => {
		const { sim } = ctx;
		await runNode(sim, create('qwen-image-edit-plus', { referenceImages: 'url', imageUrls: 'https://e.com/1.png' }, { additionalFields: '{"seed": 42, "watermark": false}' }), V2);
		expect(sim.requests[0].body).toMatchObject({ model: 'qwen-image-edit-plus', seed: 42, watermark: false });
	});

	it('refuses a key that a typed field sets, instead of silently overriding it', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, create('gpt-image-2', {}, { additionalFields: '{"quality": "high"}' }), V2);
		expect(result.error.message).toBe(
			'Invalid "Additional Body Fields (JSON)" in item 0: must not set "quality": GPT Image 2 has a field for it in the node; set it there',
		);
		expect(sim.requests).toHaveLength(0);
	});

	it('refuses model_params on Nano Banana 2, whose switches write into it', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, create('gemini-3.1-flash-image-preview', {}, { additionalFields: { model_params: { web_search: true } } }), V2);
		expect(result.error.message).toMatch(/must not set "model_params"/);
		expect(sim.requests).toHaveLength(0);
	});
});

describe('the Model choice', () => {
	it('refuses an unknown model id from an expression, naming the known ones', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, create('={{ "dall-e-9" }}'), V2);
		expect(result.error.message).toMatch(/^Invalid "Model" in item 0: must be one of gpt-4o-image, gpt-image-1\.5, .* or "other" \(then enter the ID\), got "dall-e-9"$/);
		expect(sim.requests).toHaveLength(0);
	});

	it('defaults to Nano Banana 2 in version 2', async () => {
		const { sim } = ctx;
		const parameters: Record<string, unknown> = create('x');
		delete parameters.model;
		await runNode(sim, parameters, V2);
		expect(sim.requests[0].body.model).toBe('gemini-3.1-flash-image-preview');
	});

	it('waits for and downloads a Seedream batch with Generate', async () => {
		const { sim } = ctx;
		const result = await runNode(
			sim,
			{ ...create('doubao-seedream-4.5', { prompt: '={{ $json.prompt }}', seedream45N: 2 }), operation: 'generate', options: { minPollInterval: 0.5, pollInterval: 1 } },
			{ ...V2, input: items({ prompt: 'two foxes' }, { prompt: 'two owls' }) },
		);
		expect(result.status).toBe('success');
		const out = result.itemsOf('Evolink');
		expect(out).toHaveLength(2);
		for (const item of out) {
			expect(item.json.imageUrls).toHaveLength(2);
			expect(Object.keys(item.binary ?? {})).toEqual(['data', 'data_1']);
		}
	});
});
