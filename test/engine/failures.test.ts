import type { INodeExecutionData } from 'n8n-workflow';

import { API_KEY, fastPolling, items, jsonOf, runNode, until, useSimulator } from './setup';

const ctx = useSimulator();

const generate = (prompt: string, options: Record<string, unknown> = {}) => ({
	resource: 'image',
	operation: 'generate',
	prompt,
	options: { ...fastPolling, ...options },
});

describe('API errors', () => {
	it('401: a wrong key is reported with the API message and creates nothing', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, generate('a fox'), { apiKey: 'sk-evo-wrong' });
		expect(result.status).toBe('error');
		expect(result.error.message).toBe(
			'Evolink rejected the API key (401): Invalid API key. Check the key in your Evolink dashboard.',
		);
		expect(sim.tasks.size).toBe(0);
		expect(sim.count('POST', '/v1/images/generations')).toBe(1);
	});

	it('402: insufficient credits shows the API message and is not retried', async () => {
		const { sim } = ctx;
		sim.configure({ credits: 1 });
		try {
			const result = await runNode(sim, generate('an expensive fox'));
			expect(result.error.message).toMatch(/^Evolink refused the request: insufficient credits or key limit \(402\): Insufficient credits/);
			expect(sim.count('POST', '/v1/images/generations')).toBe(1);
		} finally {
			sim.configure({ credits: 1000 });
		}
	});

	it('404: an unknown task id is named', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, { resource: 'task', operation: 'getStatus', taskId: 'task-unified-1-doesnotexist' });
		expect(result.error.message).toBe('Evolink does not know task "task-unified-1-doesnotexist" (404)');
		expect(sim.count('GET', '/v1/tasks')).toBe(1);
	});

	it('a failed task reports Evolink\'s code, message and the task id', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, generate('[fail:content_policy_violation] something forbidden'));
		expect(result.status).toBe('error');
		expect(result.error.message).toMatch(/^Evolink could not generate the image: .+ \[content_policy_violation\]$/);
		const [taskId] = [...sim.tasks.keys()];
		expect(result.error.description).toContain(taskId);
	});

	it('a wait that times out names the task and says how to fetch it later', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, generate('[duration:60000] a very slow task', { timeout: 1 }));
		const [taskId] = [...sim.tasks.keys()];
		expect(result.error.message).toMatch(new RegExp(`^Task ${taskId} was not finished after 1 s`));
		expect(result.error.description).toContain('Get Status');
	});

	it('an answer without id or status is a clear API error, not a crash', async () => {
		const { sim } = ctx;
		sim.inject({ method: 'GET', path: '/v1/tasks/', status: 200, body: { object: 'image.generation.task' }, times: Infinity });
		const result = await runNode(sim, { resource: 'task', operation: 'getStatus', taskId: 'task-unified-1-abc' });
		expect(result.error.message).toBe('Evolink sent an answer the node cannot use: the task object has no "id"');
		// A read is safe to repeat: asked again four times before giving up.
		expect(sim.count('GET', '/v1/tasks/')).toBe(5);
	});
});

describe('retries', () => {
	it('retries status reads after 5xx and dropped connections', async () => {
		const { sim } = ctx;
		const created = jsonOf(await runNode(sim, { resource: 'image', operation: 'create', prompt: 'retry me' }))[0];
		sim.inject({ method: 'GET', path: '/v1/tasks/', status: 503 });
		sim.inject({ method: 'GET', path: '/v1/tasks/', drop: 'before' });
		const result = await runNode(sim, { resource: 'task', operation: 'getStatus', taskId: created.id });
		expect(result.status).toBe('success');
		expect(jsonOf(result)[0].id).toBe(created.id);
		expect(sim.count('GET', '/v1/tasks')).toBe(3);
	});

	it('honours Retry-After on 429 before reading again', async () => {
		const { sim } = ctx;
		sim.inject({ method: 'GET', path: '/v1/credits', status: 429, retryAfter: 1 });
		const result = await runNode(sim, { resource: 'account', operation: 'getCredits' });
		expect(result.status).toBe('success');
		const [limited, retried] = sim.requests;
		expect(limited.status).toBe(429);
		expect(retried.status).toBe(200);
		expect(retried.startedAt - limited.endedAt).toBeGreaterThanOrEqual(900);
	});

	it('re-sends a create after 429, which proves it was not processed', async () => {
		const { sim } = ctx;
		sim.inject({ method: 'POST', path: '/v1/images/generations', status: 429, retryAfter: 0 });
		const result = await runNode(sim, { resource: 'image', operation: 'create', prompt: 'limited' });
		expect(result.status).toBe('success');
		expect(sim.count('POST', '/v1/images/generations')).toBe(2);
		expect(sim.tasks.size).toBe(1);
	});

	it.each([
		['a 5xx after processing', { status: 502, afterProcessing: true }],
		['a connection dropped after processing', { drop: 'after' }],
	])('never re-sends a create after %s: it says a task may exist', async (_label, fault) => {
		const { sim } = ctx;
		sim.inject({ method: 'POST', path: '/v1/images/generations', ...fault });
		const result = await runNode(sim, generate('maybe billed'));
		expect(result.status).toBe('error');
		expect(result.error.message).toBe(
			'Evolink did not confirm the create request: a task may have been created and billed',
		);
		expect(sim.count('POST', '/v1/images/generations')).toBe(1);
		expect(sim.tasks.size).toBe(1);
	});
});

describe('bad input', () => {
	// Every field is an expression over the item, as in real workflows; item 0 is valid, item 1 not.
	const fromItem = {
		resource: 'image',
		operation: 'generate',
		prompt: '={{ $json.prompt }}',
		size: '={{ $json.size }}',
		n: '={{ $json.n }}',
		referenceImages: 'url',
		imageUrls: '={{ $json.imageUrls }}',
		maskUrl: '={{ $json.maskUrl }}',
		options: { ...fastPolling, callbackUrl: '={{ $json.callbackUrl }}' },
	};
	const valid = { prompt: 'fine', size: '1:1', n: 1 };

	it.each([
		['a prompt over 1000 characters', { prompt: 'x'.repeat(1001) }, 'Invalid "Prompt" in item 1: must be at most 1000 characters long, got 1001'],
		['an empty prompt', { prompt: '' }, 'Invalid "Prompt" in item 1: is required: describe the image to create, or the edit to make'],
		['n = 3', { n: 3 }, 'Invalid "Number of Images" in item 1: must be 1, 2 or 4, got 3'],
		['an unknown size', { size: '4096x4096' }, 'Invalid "Size" in item 1: must be one of 1:1, 2:3, 3:2, 1024x1024, 1024x1536, 1536x1024, got "4096x4096"'],
		[
			'six reference images',
			{ imageUrls: Array.from({ length: 6 }, (_, i) => `https://e.com/${i}.png`) },
			'Invalid "Reference Image URLs" in item 1: must list at most 5 images',
		],
		[
			'a relative reference URL',
			{ imageUrls: 'photo.png' },
			'Invalid "Reference Image URLs #1" in item 1: must be an absolute http(s) URL that Evolink\'s servers can download, got "photo.png"',
		],
		[
			'a mask with two references',
			{ imageUrls: 'https://e.com/a.png\nhttps://e.com/b.png', maskUrl: 'https://e.com/m.png' },
			'Invalid "Mask URL" in item 1: can only be used with at most one reference image, got 2 reference images',
		],
		[
			'an http callback',
			{ callbackUrl: 'http://hooks.example.com/x' },
			'Invalid "Callback URL" in item 1: must use https (Evolink only calls back over HTTPS), got "http"',
		],
		[
			'a private callback',
			{ callbackUrl: 'https://192.168.1.20/hook' },
			'Invalid "Callback URL" in item 1: must be a public address: Evolink refuses loopback and private hosts such as "192.168.1.20"',
		],
	])('%s stops the run before any request', async (_label, override, message) => {
		const { sim } = ctx;
		const result = await runNode(sim, fromItem, { input: items(valid, { ...valid, ...override }) });
		expect(result.status).toBe('error');
		expect(result.error.message).toBe(message);
		expect(result.error.context.itemIndex).toBe(1);
		expect(result.error.description).toContain('no credits were spent');
		expect(sim.requests).toHaveLength(0);
	});

	it('a task id that is not an Evolink id is rejected before any request', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, { resource: 'task', operation: 'getStatus', taskId: '12345' });
		expect(result.error.message).toBe('Invalid "Task ID" in item 0: must be an Evolink task id starting with "task-unified-", e.g. task-unified-1757156493-imcg5zqt');
		expect(sim.requests).toHaveLength(0);
	});
});

describe('Continue On Fail', () => {
	it('turns failing items into error items in place, with task id and code; the rest complete', async () => {
		const { sim } = ctx;
		const result = await runNode(
			sim,
			generate('={{ $json.p }}'),
			{
				input: items({ p: 'a good one' }, { p: '[fail:generation_timeout] a failing one' }, { p: '' }, { p: 'another good one' }),
				continueOnFail: true,
			},
		);
		expect(result.status).toBe('success');
		const out = result.itemsOf('Evolink') as INodeExecutionData[];
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(out[0].json.status).toBe('completed');
		expect(out[1].json.error).toMatch(/\[generation_timeout\]$/);
		expect(out[1].json.errorCode).toBe('generation_timeout');
		expect(out[1].json.taskId).toMatch(/^task-unified-/);
		expect(out[2].json.error).toBe('Invalid "Prompt" in item 2: is required: describe the image to create, or the edit to make');
		expect(out[2].json.taskId).toBeUndefined();
		expect(out[3].json.status).toBe('completed');
		// The invalid item cost nothing: three creates for four items.
		expect(sim.count('POST', '/v1/images/generations')).toBe(3);
	});

	it('without it, a batch failure still names every task id the batch created', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, generate('={{ $json.p }}'), {
			input: items({ p: 'fine' }, { p: '[fail:service_error] broken' }),
		});
		expect(result.status).toBe('error');
		for (const taskId of sim.tasks.keys()) expect(result.error.description).toContain(taskId);
		expect(result.error.description).toContain('item 0: task');
		expect(result.error.description).toMatch(/ok: http:\/\/127\.0\.0\.1:\d+\/files\//);
	});
});

describe('cancel', () => {
	it('stops polling as soon as the execution is cancelled', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, generate('[duration:60000] never mind', { minPollInterval: 0.5, pollInterval: 1 }), {
			onStart: ({ cancel }) => {
				void until(() => sim.count('GET', '/v1/tasks') >= 1).then(cancel);
			},
		});
		expect(result.status).toBe('canceled');
		const polls = sim.count('GET', '/v1/tasks');
		expect(polls).toBeLessThanOrEqual(2);
		// A loop that ignored the cancel would ask again within its 1 s poll interval; watch
		// twice that long and expect silence.
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(sim.count('GET', '/v1/tasks')).toBe(polls);
		expect(JSON.stringify(result.run)).not.toContain(API_KEY);
	});
});
