import type { INodeExecutionData } from 'n8n-workflow';

import {
	API_KEY,
	chain,
	credentials,
	evolinkNode,
	fastPolling,
	items,
	jsonOf,
	runNode,
	runWorkflow,
	testCredential,
	useSimulator,
} from './setup';

const ctx = useSimulator();

describe('Image → Create', () => {
	it('submits one task per item and returns the task object at once', async () => {
		const { sim } = ctx;
		const result = await runNode(
			sim,
			{ resource: 'image', operation: 'create', prompt: '={{ $json.topic }}', size: '2:3', n: 2 },
			{ input: items({ topic: 'a red fox' }, { topic: 'a blue whale' }) },
		);
		expect(result.status).toBe('success');
		const out = jsonOf(result);
		expect(out).toHaveLength(2);
		for (const task of out) {
			expect(task.id).toMatch(/^task-unified-/);
			expect(task.status).toBe('pending');
			expect(task).toHaveProperty('task_info.estimated_time');
			expect(task).toHaveProperty('usage.credits_reserved', 5);
		}
		const creates = sim.requests.filter((r: { method: string }) => r.method === 'POST');
		expect(creates.map((r: { body: { prompt: string } }) => r.body.prompt).sort()).toEqual(['a blue whale', 'a red fox']);
		expect(creates[0].body).toMatchObject({ model: 'gpt-4o-image', size: '2:3', n: 2 });
		expect(creates.every((r: { authorized: boolean }) => r.authorized)).toBe(true);
		expect(sim.count('GET', '/v1/tasks')).toBe(0);
		expect(result.itemsOf('Evolink').map((i: INodeExecutionData) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('sends reference images, mask and callback as the API expects', async () => {
		const { sim } = ctx;
		await runNode(sim, {
			resource: 'image',
			operation: 'create',
			prompt: 'Make the sky purple',
			referenceImages: 'url',
			imageUrls: 'https://example.com/photo.png',
			maskUrl: 'https://example.com/mask.png',
			options: { callbackUrl: 'https://hooks.example.com/evolink' },
		});
		expect(sim.requests[0].body).toEqual({
			model: 'gpt-4o-image',
			prompt: 'Make the sky purple',
			size: '1:1',
			n: 1,
			image_urls: ['https://example.com/photo.png'],
			mask_url: 'https://example.com/mask.png',
			callback_url: 'https://hooks.example.com/evolink',
		});
	});
});

describe('Image → Generate', () => {
	it('creates, waits and returns image URLs in input order, paired to inputs', async () => {
		const { sim } = ctx;
		const prompts = ['[duration:900] slow', '[duration:200] fast', '[duration:500] medium'];
		const result = await runNode(
			sim,
			{ resource: 'image', operation: 'generate', prompt: '={{ $json.p }}', options: fastPolling },
			{ input: items(...prompts.map((p) => ({ p }))) },
		);
		expect(result.status).toBe('success');
		const out = jsonOf(result);
		expect(out.map((t) => t.status)).toEqual(['completed', 'completed', 'completed']);
		const ids = out.map((t) => t.id as string);
		expect(ids.map((id) => sim.tasks.get(id).body.prompt)).toEqual(prompts);
		for (const task of out) {
			expect(task.imageUrls).toEqual(task.results);
			expect((task.imageUrls as string[])[0]).toMatch(/\/files\/task-unified-.*\/0\.png$/);
		}
		expect(result.itemsOf('Evolink').map((i: INodeExecutionData) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(sim.count('POST', '/v1/images/generations')).toBe(3);
	});

	it('returns one item per image when asked', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, {
			resource: 'image',
			operation: 'generate',
			prompt: 'two cats',
			n: 2,
			options: { ...fastPolling, outputMode: 'perImage' },
		});
		const out = jsonOf(result);
		expect(out.map((o) => o.imageIndex)).toEqual([0, 1]);
		expect(out[0].imageUrl).not.toEqual(out[1].imageUrl);
		expect(out[0].id).toEqual(out[1].id);
	});

	it('serves result URLs that are real PNG files', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, { resource: 'image', operation: 'generate', prompt: 'a lighthouse', options: fastPolling });
		const [url] = jsonOf(result)[0].imageUrls as string[];
		const response = await fetch(url);
		expect(response.headers.get('content-type')).toBe('image/png');
		const bytes = Buffer.from(await response.arrayBuffer());
		expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
	});
});

describe('Task → Get Status', () => {
	it('returns the current status of a running task', async () => {
		const { sim } = ctx;
		const created = jsonOf(
			await runNode(sim, { resource: 'image', operation: 'create', prompt: '[duration:5000] a slow painting' }),
		)[0];
		const result = await runNode(sim, { resource: 'task', operation: 'getStatus', taskId: created.id });
		const [task] = jsonOf(result);
		expect(task.id).toBe(created.id);
		expect(['pending', 'processing']).toContain(task.status);
		expect(task.imageUrls).toBeUndefined();
		expect(sim.count('GET', '/v1/tasks')).toBe(1);
	});

	it('waits for completion of a task created earlier in the same workflow', async () => {
		const { sim } = ctx;
		const result = await runWorkflow({
			nodes: [
				evolinkNode({ resource: 'image', operation: 'create', prompt: '[duration:700] a castle' }, { name: 'Create' }),
				evolinkNode(
					{
						resource: 'task',
						operation: 'getStatus',
						taskId: '={{ $json.id }}',
						waitForCompletion: true,
						options: fastPolling,
					},
					{ name: 'Get Status' },
				),
			],
			connections: chain('Create', 'Get Status'),
			credentials: credentials(sim),
		});
		expect(result.status).toBe('success');
		const [created] = jsonOf(result, 'Create');
		const [done] = jsonOf(result, 'Get Status');
		expect(done.id).toBe(created.id);
		expect(done.status).toBe('completed');
		expect((done.imageUrls as string[]).length).toBe(1);
		expect(sim.count('POST', '/v1/images/generations')).toBe(1);
	});
});

describe('Account → Get Credits', () => {
	it('returns the balance from /v1/credits', async () => {
		const { sim } = ctx;
		const [credits] = jsonOf(await runNode(sim, { resource: 'account', operation: 'getCredits' }));
		expect(credits).toHaveProperty('user.remaining_credits');
		expect(credits).toHaveProperty('token.remaining_credits');
		expect(sim.count('GET', '/v1/credits')).toBe(1);
	});
});

describe('credential test (n8n\'s Test button)', () => {
	it('passes with a valid key by reading the credits, which is free', async () => {
		const { sim } = ctx;
		expect(await testCredential('evolinkApi', { apiKey: API_KEY, baseUrl: sim.baseUrl })).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(sim.requests.map((r: { method: string; path: string }) => `${r.method} ${r.path}`)).toEqual(['GET /v1/credits']);
		expect(sim.tasks.size).toBe(0);
	});

	it('explains a rejected key', async () => {
		const { sim } = ctx;
		expect(await testCredential('evolinkApi', { apiKey: 'sk-evo-not-mine', baseUrl: sim.baseUrl })).toEqual({
			status: 'Error',
			message: 'Evolink rejected this API key (401 invalid API key). Copy the key again from your Evolink dashboard.',
		});
	});
});

describe('secrets', () => {
	it('never puts the API key into output, errors or the request log', async () => {
		const { sim } = ctx;
		const ok = await runNode(sim, { resource: 'image', operation: 'generate', prompt: 'a key', options: fastPolling });
		const bad = await runNode(sim, { resource: 'account', operation: 'getCredits' }, { apiKey: `${API_KEY}-wrong` });
		expect(bad.status).toBe('error');
		for (const text of [JSON.stringify(ok.run), JSON.stringify(bad.run), JSON.stringify(sim.requests)]) {
			expect(text).not.toContain(API_KEY);
		}
	});
});
