/**
 * The simulator is the tests' stand-in for Evolink (docs/evolink-api.md): these checks keep it
 * honest, over real HTTP with Node's global fetch.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { inflateSync } from 'node:zlib';

import { startSimulator } from './simulator';
import { makePng, readPngChunks } from './simulator/png';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS simulator module without typings
const { CURVES, makeProgressPlan, progressAt } = require('./simulator/progress');

const KEY = 'sk-evo-simulator-test-0123456789';
type Simulator = Awaited<ReturnType<typeof startSimulator>>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of many shapes, checked by the assertions
type Json = any;

let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator({ apiKey: KEY, durationMs: 200, seed: 7 });
});
beforeEach(() => sim.reset());
afterAll(async () => sim.close());

const auth = { authorization: `Bearer ${KEY}` };
const json = { ...auth, 'content-type': 'application/json' };

async function call(route: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: Json }> {
	const res = await fetch(`${sim.baseUrl}${route}`, init);
	const text = await res.text();
	let body: Json = text;
	try {
		body = JSON.parse(text);
	} catch {
		/* not JSON */
	}
	return { status: res.status, headers: res.headers, body };
}

const create = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
	call('/v1/images/generations', { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify({ model: 'gpt-4o-image', ...body }) });
const query = (id: string) => call(`/v1/tasks/${id}`, { headers: auth });
const credits = async () => (await call('/v1/credits', { headers: auth })).body;

async function until<T>(probe: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (done(value)) return value;
		if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

async function download(url: string): Promise<{ status: number; type: string | null; length: string | null; bytes: Buffer }> {
	const res = await fetch(url);
	return { status: res.status, type: res.headers.get('content-type'), length: res.headers.get('content-length'), bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('auth', () => {
	it('answers 401 with the documented envelope, and never logs the key', async () => {
		const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer sk-evo-wrong-key' }, { authorization: KEY }];
		for (const headers of attempts) {
			const res = await call('/v1/credits', { headers });
			expect(res.status).toBe(401);
			expect(res.body).toEqual({
				error: { code: 'invalid_api_key', message: 'Invalid API key. Check the key in your Evolink dashboard.', type: 'authentication_error' },
			});
		}
		expect((await call('/v1/credits', { headers: auth })).status).toBe(200);
		expect(sim.requests.map((r) => r.authorized)).toEqual([false, false, false, true]);
		const log = JSON.stringify(sim.requests);
		expect(log).not.toContain(KEY);
		expect(log).not.toContain('sk-evo-wrong-key');
		expect(log).not.toMatch(/bearer/i);
		for (const entry of sim.requests) expect(entry.headers).not.toHaveProperty('authorization');
	});

	it('redacts the key wherever else a client puts it in a header', async () => {
		await call('/v1/credits', { headers: { ...auth, 'x-api-key': KEY } });
		expect(sim.requests[0].headers['x-api-key']).toBe('[redacted]');
		expect(JSON.stringify(sim.requests)).not.toContain(KEY);
	});

	it('guards every API route, uploads included', async () => {
		const routes: Array<[string, RequestInit]> = [
			['/v1/images/generations', { method: 'POST', body: JSON.stringify({ model: 'gpt-4o-image', prompt: 'x' }) }],
			['/v1/tasks/task-unified-1-abcdefgh', {}],
			['/api/v1/files/upload/base64', { method: 'POST', body: JSON.stringify({ base64_data: 'data:image/png;base64,AAAA' }) }],
		];
		for (const [route, init] of routes) expect((await call(route, { ...init, headers: { 'content-type': 'application/json' } })).status).toBe(401);
		expect(sim.tasks.size).toBe(0);
		expect(sim.uploads.size).toBe(0);
	});
});

describe('task lifecycle', () => {
	it('creates a task in exactly the documented shape', async () => {
		const before = Math.floor(Date.now() / 1000);
		const { status, body } = await create({ prompt: 'A beautiful sunset over the ocean', n: 2, size: '1:1' });
		expect(status).toBe(200);
		expect(Object.keys(body).sort()).toEqual(['created', 'id', 'model', 'object', 'progress', 'status', 'task_info', 'type', 'usage']);
		expect(body).toEqual({
			created: expect.any(Number),
			id: expect.stringMatching(/^task-unified-\d+-[a-z0-9]{8}$/),
			model: 'gpt-4o-image',
			object: 'image.generation.task',
			progress: 0,
			status: 'pending',
			task_info: { can_cancel: true, estimated_time: 1 },
			type: 'image',
			usage: { billing_rule: 'per_call', credits_reserved: 5, user_group: 'default' },
		});
		expect(body.created).toBeGreaterThanOrEqual(before);
		expect(body.id).toBe(`task-unified-${body.created}-${body.id.slice(-8)}`);
		const record = sim.tasks.get(body.id)!;
		expect(record.completesAt - record.createdAt).toBe(record.durationMs);
		expect(record.outcome).toBe('completed');
		expect(sim.requests[0].taskId).toBe(body.id);
	});

	it('goes pending → processing (progress rising) → completed with one result URL per image', async () => {
		const { body } = await create({ prompt: '[duration:300] a fox', n: 2 });
		const seen: Json[] = [];
		const final = await until(
			async () => {
				const task = (await query(body.id)).body;
				seen.push(task);
				return task;
			},
			(task) => task.status === 'completed',
		);
		const statuses = seen.map((t) => t.status);
		expect(statuses[0]).toBe('pending');
		expect(statuses).toContain('processing');
		// Statuses only move forward, progress never falls.
		const order = ['pending', 'processing', 'completed'];
		for (let i = 1; i < seen.length; i++) {
			expect(order.indexOf(statuses[i])).toBeGreaterThanOrEqual(order.indexOf(statuses[i - 1]));
			expect(seen[i].progress).toBeGreaterThanOrEqual(seen[i - 1].progress);
		}
		const processing = seen.filter((t) => t.status === 'processing').map((t) => t.progress);
		expect(new Set(processing).size).toBeGreaterThan(1);
		expect(Math.max(...processing)).toBeLessThanOrEqual(99);
		expect(final.progress).toBe(100);
		expect(final.results).toEqual([0, 1].map((i) => `${sim.baseUrl}/files/${body.id}/${i}.png`));

		const record = sim.tasks.get(body.id)!;
		expect(record.queryTimes).toHaveLength(seen.length);
		expect(record.firstFinalSeenAt).toBeGreaterThanOrEqual(record.completesAt);
		expect(record.firstFinalSeenAt! - record.completesAt).toBeLessThan(200);
	});

	it('serves result files as real PNGs without a key; unknown or unfinished ones are 404', async () => {
		const { body } = await create({ prompt: '[duration:150] two owls', n: 2 });
		expect((await download(`${sim.baseUrl}/files/${body.id}/0.png`)).status).toBe(404); // not finished yet
		const task = await until(async () => (await query(body.id)).body, (t) => t.status === 'completed');
		const [first, second] = await Promise.all((task.results as string[]).map(download));
		for (const file of [first, second]) {
			expect(file.status).toBe(200);
			expect(file.type).toBe('image/png');
			expect(Number(file.length)).toBe(file.bytes.length);
			expect([...file.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
			const chunks = readPngChunks(file.bytes);
			expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
			expect(chunks.every((c) => c.crcOk)).toBe(true);
			expect(chunks[0].data.readUInt32BE(0)).toBe(64);
			expect(chunks[0].data.readUInt32BE(4)).toBe(64);
			// 64 rows of a filter byte and 64 RGB pixels.
			expect(inflateSync(chunks[1].data).length).toBe(64 * (64 * 3 + 1));
		}
		expect(first.bytes.equals(second.bytes)).toBe(false);
		expect((await download(`${sim.baseUrl}/files/${body.id}/2.png`)).status).toBe(404);
		expect((await download(`${sim.baseUrl}/files/task-unified-1-nothere1/0.png`)).status).toBe(404);
		const downloads = sim.requests.filter((r) => r.path.startsWith('/files/'));
		expect(downloads.every((r) => r.authorized === false)).toBe(true);
	});

	it('fails a task on [fail:CODE] with the vendor code and message, and returns its credits', async () => {
		expect((await credits()).data.user.remaining_credits).toBe(1000);
		const { body } = await create({ prompt: '[duration:200][fail:content_policy_violation] something forbidden' });
		expect((await credits()).data.user.remaining_credits).toBe(997.5);
		const seen: Json[] = [];
		const task = await until(
			async () => {
				const t = (await query(body.id)).body;
				seen.push(t);
				return t;
			},
			(t) => t.status === 'failed',
		);
		expect(task.error).toEqual({ code: 'content_policy_violation', message: expect.stringMatching(/safety|policy/) });
		expect(task.results).toBeUndefined();
		// Progress stays where the client last saw it.
		expect(task.progress).toBe(seen[seen.length - 2].progress);
		expect(task.progress).toBeLessThan(100);
		expect(await credits()).toMatchObject({ data: { user: { remaining_credits: 1000, used_credits: 0 } } });
		expect((await download(`${sim.baseUrl}/files/${body.id}/0.png`)).status).toBe(404);
	});

	it('takes [estimated:S] and [images:K] from the prompt', async () => {
		const { body } = await create({ prompt: '[duration:50][estimated:42][images:1] two, one made', n: 2 });
		expect(body.task_info.estimated_time).toBe(42);
		const task = await until(async () => (await query(body.id)).body, (t) => t.status === 'completed');
		expect(task.results).toHaveLength(1);
		// Reserved 5, charged 2.5 for the one image produced.
		expect((await credits()).data.user).toEqual({ remaining_credits: 997.5, used_credits: 2.5 });
	});

	it('draws durations from a seeded [min, max] range and scales them with timeScale', async () => {
		const durations = async () => {
			sim.reset();
			sim.configure({ durationMs: [100, 300], timeScale: 0.5 });
			for (let i = 0; i < 4; i++) await create({ prompt: `jitter ${i}` });
			return [...sim.tasks.values()].map((t) => t.durationMs);
		};
		try {
			const first = await durations();
			expect(first.every((d) => d >= 50 && d <= 150)).toBe(true);
			expect(new Set(first).size).toBe(4);
			expect(await durations()).toEqual(first);
			await create({ prompt: '[duration:100] fixed' });
			expect([...sim.tasks.values()][4].durationMs).toBe(50);
		} finally {
			sim.configure({ durationMs: 200, timeScale: 1 });
		}
	});
});

describe('progress behaviours', () => {
	type Plan = { curve: string; durationMs: number; pendingMs: number; queued: boolean; steps?: Array<{ x: number; level: number }> };
	const plan = (curve: string, index = 0, durationMs = 20_000, queueMs?: number): Plan =>
		makeProgressPlan({ curve, durationMs, queueMs, seed: 7, index });
	/** Progress every 100 ms from creation to just before the end. */
	const trace = (p: Plan) => {
		const points: Array<{ t: number; status: string; progress: number }> = [];
		for (let t = 0; t < p.durationMs; t += 100) points.push({ t, ...progressAt(p, t) });
		return points;
	};
	const processing = (p: Plan) => trace(p).filter((point) => point.status === 'processing');

	it('every curve: pending first, then integer progress that never falls and stays ≤ 99; same seed, same shape', () => {
		expect(CURVES).toEqual(['straight', 'jumps', 'fast-slow', 'slow-fast', 'stall', 'none']);
		for (const curve of CURVES) {
			for (const index of [0, 1, 2]) {
				const points = trace(plan(curve, index));
				expect(points[0]).toEqual({ t: 0, status: 'pending', progress: 0 });
				const firstProcessing = points.findIndex((point) => point.status === 'processing');
				expect(points[firstProcessing].t).toBe(1000); // min(10 % of 20 s, 1 s)
				expect(points.slice(firstProcessing).every((point) => point.status === 'processing')).toBe(true);
				for (let i = 1; i < points.length; i++) expect(points[i].progress).toBeGreaterThanOrEqual(points[i - 1].progress);
				expect(points.every((point) => Number.isInteger(point.progress) && point.progress <= 99)).toBe(true);
				expect(trace(plan(curve, index))).toEqual(points);
			}
		}
		// Tasks of one batch are alike, not identical.
		expect(plan('jumps', 0).steps).not.toEqual(plan('jumps', 1).steps);
	});

	it('straight: elapsed / duration from creation', () => {
		const p = plan('straight');
		expect(progressAt(p, 999).status).toBe('pending');
		expect(progressAt(p, 1000)).toEqual({ status: 'processing', progress: 5 });
		expect(progressAt(p, 10_000).progress).toBe(50);
		expect(progressAt(p, 19_999).progress).toBe(99);
	});

	it('jumps: flat stretches and 3 to 5 jumps, the last to at most 95', () => {
		for (const index of [0, 1, 2, 3, 4]) {
			const levels = processing(plan('jumps', index)).map((point) => point.progress);
			const jumps = levels.filter((level, i) => i > 0 && level > levels[i - 1]).length;
			expect(jumps).toBeGreaterThanOrEqual(2); // two jumps may land on the same level or the same 100 ms
			expect(jumps).toBeLessThanOrEqual(5);
			expect(Math.max(...levels)).toBeLessThanOrEqual(95);
			expect(new Set(levels).size).toBeLessThanOrEqual(6);
		}
	});

	it('fast-slow: three quarters of the progress in the first half; slow-fast: at most a quarter', () => {
		for (const index of [0, 1, 2, 3]) {
			expect(progressAt(plan('fast-slow', index), 10_000).progress).toBeGreaterThanOrEqual(75);
			expect(progressAt(plan('slow-fast', index), 10_000).progress).toBeLessThanOrEqual(25);
			expect(progressAt(plan('slow-fast', index), 19_900).progress).toBeGreaterThanOrEqual(97);
		}
	});

	it('stall: straight up to 90–97 by three quarters of the time, then flat to the end', () => {
		for (const index of [0, 1, 2, 3]) {
			const p = plan('stall', index);
			const level = progressAt(p, 15_000).progress;
			expect(level).toBeGreaterThanOrEqual(90);
			expect(level).toBeLessThanOrEqual(97);
			expect(progressAt(p, 19_999).progress).toBe(level);
			expect(progressAt(p, 5000).progress).toBeGreaterThan(20);
		}
	});

	it('none: processing at 0 until the end', () => {
		expect(processing(plan('none')).every((point) => point.progress === 0)).toBe(true);
	});

	it('queued: pending for the whole queue, then progress from 0 over the processing time only', () => {
		const p = plan('straight', 0, 20_000, 8000);
		expect(progressAt(p, 7999)).toEqual({ status: 'pending', progress: 0 });
		expect(progressAt(p, 8000)).toEqual({ status: 'processing', progress: 0 });
		expect(progressAt(p, 14_000).progress).toBe(50);
		// Other curves run over the processing time too.
		expect(progressAt(plan('stall', 0, 20_000, 8000), 8100).progress).toBeLessThan(5);
	});

	it('takes [progress:…], [queue:…] and [estimate-factor:…] from the prompt, and answers as the plan says', async () => {
		const { body } = await create({ prompt: '[duration:600][estimated:10][estimate-factor:3][progress:stall][queue:200] stalls' });
		expect(body.task_info.estimated_time).toBe(30);
		const record = sim.tasks.get(body.id)!;
		expect(record.progressPlan).toMatchObject({ curve: 'stall', pendingMs: 200, queued: true, durationMs: 600 });
		const seen: Json[] = [];
		await until(
			async () => {
				const task = (await query(body.id)).body;
				seen.push(task);
				return task;
			},
			(task) => task.status === 'completed',
		);
		expect(seen.map((t) => t.status)).toEqual(expect.arrayContaining(['pending', 'processing', 'completed']));
		// Each answer is the plan's value at the moment the simulator received the query.
		seen.slice(0, -1).forEach((task, i) => {
			expect({ status: task.status, progress: task.progress }).toEqual(progressAt(record.progressPlan, record.queryTimes[i] - record.createdAt));
		});
	});

	it('takes progress, queueMs and estimateFactor as options; a directive wins over the option', async () => {
		sim.configure({ progress: 'none', queueMs: [100, 300], estimateFactor: 1 / 3, estimatedTime: 21 });
		try {
			const a = (await create({ prompt: '[duration:1000] a' })).body;
			const b = (await create({ prompt: '[duration:1000] b' })).body;
			const c = (await create({ prompt: '[duration:1000][progress:jumps][queue:50][estimate-factor:2] c' })).body;
			expect([a, b, c].map((t) => t.task_info.estimated_time)).toEqual([7, 7, 42]);
			const [ra, rb, rc] = [a, b, c].map((t) => sim.tasks.get(t.id)!);
			expect(ra.progressPlan.curve).toBe('none');
			for (const r of [ra, rb]) {
				expect(r.pendingMs).toBeGreaterThanOrEqual(100);
				expect(r.pendingMs).toBeLessThanOrEqual(300);
			}
			expect(ra.pendingMs).not.toBe(rb.pendingMs);
			expect(rc.progressPlan).toMatchObject({ curve: 'jumps', pendingMs: 50 });
		} finally {
			sim.configure({ progress: undefined, queueMs: undefined, estimateFactor: undefined, estimatedTime: undefined });
		}
		const d = (await create({ prompt: '[duration:1000] d' })).body;
		expect(sim.tasks.get(d.id)!.progressPlan).toMatchObject({ curve: 'straight', queued: false, pendingMs: 100 });
		expect(d.task_info.estimated_time).toBe(1);
	});
});

describe('API errors', () => {
	it.each([
		['no model', { model: undefined }, 'model'],
		['another model', { model: 'dall-e-3' }, 'model'],
		['no prompt', { prompt: undefined }, 'prompt'],
		['an empty prompt', { prompt: '' }, 'prompt'],
		['a prompt over 1000 characters', { prompt: 'x'.repeat(1001) }, 'prompt'],
		['an unknown size', { size: '4096x4096' }, 'size'],
		['n = 3', { n: 3 }, 'n'],
		['n as a string', { n: '2' }, 'n'],
		['six reference images', { image_urls: Array.from({ length: 6 }, (_, i) => `https://e.com/${i}.png`) }, 'image_urls'],
		['a relative reference URL', { image_urls: ['photo.png'] }, 'image_urls'],
		['a mask with two references', { image_urls: ['https://e.com/a.png', 'https://e.com/b.png'], mask_url: 'https://e.com/m.png' }, 'mask_url'],
		['an http callback', { callback_url: 'http://hooks.example.com/x' }, 'callback_url'],
		['a loopback callback', { callback_url: 'https://127.0.0.1/hook' }, 'callback_url'],
		['a private callback', { callback_url: 'https://192.168.1.20/hook' }, 'callback_url'],
		['a 172.16/12 callback', { callback_url: 'https://172.20.0.5/hook' }, 'callback_url'],
		['a localhost callback', { callback_url: 'https://localhost/hook' }, 'callback_url'],
		['a callback over 2048 characters', { callback_url: `https://hooks.example.com/${'a'.repeat(2040)}` }, 'callback_url'],
	])('400 for %s, naming the parameter, creating nothing', async (_label, override, param) => {
		const res = await create({ prompt: 'fine', ...override });
		expect(res.status).toBe(400);
		expect(res.body.error).toEqual({ code: expect.any(String), message: expect.any(String), type: 'invalid_request_error', param });
		expect(sim.tasks.size).toBe(0);
		expect((await credits()).data.user.remaining_credits).toBe(1000);
	});

	it('accepts the limits themselves', async () => {
		const ok = [
			{ prompt: 'x'.repeat(1000) },
			{ prompt: '画'.repeat(1000) },
			{ prompt: 'p', n: 4, size: '1536x1024' },
			{ prompt: 'p', image_urls: Array.from({ length: 5 }, (_, i) => `https://e.com/${i}.png`) },
			{ prompt: 'p', image_urls: ['https://e.com/a.png'], mask_url: 'https://e.com/m.png' },
			{ prompt: 'p', callback_url: 'https://hooks.example.com/evolink' },
		];
		for (const body of ok) expect((await create(body)).status).toBe(200);
		expect(sim.tasks.size).toBe(ok.length);
	});

	it('402 with real numbers when credits do not cover n images', async () => {
		// configure({ credits }) is an option: reset() returns to it, so put it back afterwards.
		sim.configure({ credits: 1.5 });
		try {
			const res = await create({ prompt: 'expensive', n: 2 });
			expect(res.status).toBe(402);
			expect(res.body).toEqual({
				error: {
					code: 'insufficient_quota',
					message: 'Insufficient credits: this request needs 5 credits, 1.5 remaining. Top up at https://evolink.ai/dashboard.',
					type: 'insufficient_quota',
				},
			});
			expect(sim.tasks.size).toBe(0);
			expect((await create({ prompt: 'one is fine? no: 2.5 > 1.5' })).status).toBe(402);
		} finally {
			sim.configure({ credits: 1000 });
		}
	});

	it('404 for an unknown task, 400 for an id that is not an Evolink id', async () => {
		const unknown = await query('task-unified-1757156493-nothere1');
		expect(unknown.status).toBe(404);
		expect(unknown.body).toEqual({
			error: { code: 'task_not_found', message: 'Task task-unified-1757156493-nothere1 not found', type: 'invalid_request_error' },
		});
		const bad = await query('12345');
		expect(bad.status).toBe(400);
		expect(bad.body.error.type).toBe('invalid_request_error');
		expect(sim.requests.map((r) => r.taskId)).toEqual(['task-unified-1757156493-nothere1', '12345']);
	});

	it('400 for a body that is not JSON', async () => {
		const res = await call('/v1/images/generations', { method: 'POST', headers: json, body: '{"model": "gpt-4o-image", ' });
		expect(res.status).toBe(400);
		expect(res.body.error.code).toBe('invalid_json');
		expect(sim.tasks.size).toBe(0);
	});

	it('429 with Retry-After beyond maxConcurrentTasks and maxRequestsPerSecond', async () => {
		sim.configure({ maxConcurrentTasks: 2 });
		try {
			await create({ prompt: '[duration:300] a' });
			await create({ prompt: '[duration:300] b' });
			const limited = await create({ prompt: 'c' });
			expect(limited.status).toBe(429);
			expect(limited.headers.get('retry-after')).toBe('1');
			expect(limited.body.error.type).toBe('rate_limit_error');
			expect(sim.tasks.size).toBe(2);
			await new Promise((resolve) => setTimeout(resolve, 320));
			expect((await create({ prompt: 'd' })).status).toBe(200);
		} finally {
			sim.configure({ maxConcurrentTasks: Infinity });
		}
		sim.reset();
		sim.configure({ maxRequestsPerSecond: 3 });
		try {
			const statuses = [];
			for (let i = 0; i < 5; i++) statuses.push((await call('/v1/credits', { headers: auth })).status);
			expect(statuses).toEqual([200, 200, 200, 429, 429]);
			expect(sim.requests[3].status).toBe(429);
		} finally {
			sim.configure({ maxRequestsPerSecond: Infinity });
		}
	});
});

describe('faults', () => {
	it('answers an injected 429 with Retry-After without processing, once by default', async () => {
		sim.inject({ method: 'POST', path: '/v1/images/generations', status: 429, retryAfter: 3 });
		const limited = await create({ prompt: 'a' });
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('3');
		expect(limited.body.error).toMatchObject({ code: expect.any(String), type: 'rate_limit_error' });
		expect(sim.tasks.size).toBe(0);
		expect((await create({ prompt: 'a' })).status).toBe(200);
		expect(sim.tasks.size).toBe(1);
		expect(sim.requests.map((r) => r.fault)).toEqual(['status:429', undefined]);
	});

	it('resets the connection before processing (nothing created) or after (task created)', async () => {
		sim.inject({ method: 'POST', drop: 'before' });
		await expect(create({ prompt: 'before' })).rejects.toThrow();
		expect(sim.tasks.size).toBe(0);
		expect((await credits()).data.user.remaining_credits).toBe(1000);

		sim.inject({ method: 'POST', drop: 'after' });
		await expect(create({ prompt: 'after' })).rejects.toThrow();
		expect(sim.tasks.size).toBe(1);
		expect([...sim.tasks.values()][0].body.prompt).toBe('after');
		expect((await credits()).data.user.remaining_credits).toBe(997.5);

		const posts = sim.requests.filter((r) => r.method === 'POST');
		expect(posts.map((r) => [r.fault, r.status])).toEqual([
			['drop:before', null],
			['drop:after', null],
		]);
		expect(posts[1].taskId).toBe([...sim.tasks.keys()][0]);
	});

	it('a 5xx after processing creates the task the client never hears about', async () => {
		sim.inject({ method: 'POST', path: '/v1/images/generations', status: 502, afterProcessing: true });
		const res = await create({ prompt: 'ambiguous' });
		expect(res.status).toBe(502);
		expect(res.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String), type: expect.any(String) });
		expect(sim.tasks.size).toBe(1);
		expect(sim.requests[0]).toMatchObject({ fault: 'status:502:afterProcessing', status: 502, taskId: [...sim.tasks.keys()][0] });

		sim.inject({ method: 'POST', status: 503 });
		expect((await create({ prompt: 'refused' })).status).toBe(503);
		expect(sim.tasks.size).toBe(1);
	});

	it('answers like a broken proxy: a non-JSON page with 200, after processing when asked', async () => {
		sim.inject({ method: 'POST', path: '/v1/images/generations', text: '<html>oops</html>', afterProcessing: true });
		const res = await create({ prompt: 'made but unreadable' });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(res.body).toBe('<html>oops</html>');
		expect(sim.tasks.size).toBe(1);
		expect(sim.requests[0].fault).toBe('status:200:afterProcessing:text');
	});

	it('rewrites the real answer with a body function (after processing)', async () => {
		const made = await create({ prompt: 'rewritten' });
		sim.inject({ method: 'GET', path: '/v1/tasks/', body: (task: Record<string, unknown>) => ({ ...task, id: 'task-unified-0-other' }) });
		const res = await query(made.body.id);
		expect(res.body).toMatchObject({ id: 'task-unified-0-other', object: made.body.object });
		expect((await query(made.body.id)).body.id).toBe(made.body.id);
	});

	it('matches by RegExp, serves a custom body, and hits with a seeded probability', async () => {
		sim.inject({ path: /^\/v1\/credits$/, status: 200, body: { surprise: true } });
		expect((await call('/v1/credits', { headers: auth })).body).toEqual({ surprise: true });

		const hits = async () => {
			sim.reset();
			sim.inject({ method: 'GET', path: '/v1/credits', status: 503, probability: 0.3, times: Infinity });
			const out = [];
			for (let i = 0; i < 30; i++) out.push((await call('/v1/credits', { headers: auth })).status);
			return out;
		};
		const first = await hits();
		const failures = first.filter((s) => s === 503).length;
		expect(failures).toBeGreaterThan(2);
		expect(failures).toBeLessThan(20);
		expect(await hits()).toEqual(first);
	});

	it('holds the answer for delayMs (processing is not delayed), and close() does not wait for it', async () => {
		const slow = await startSimulator({ apiKey: KEY, durationMs: 100 });
		try {
			slow.inject({ method: 'POST', delayMs: 5000 });
			const started = Date.now();
			await expect(
				fetch(`${slow.baseUrl}/v1/images/generations`, {
					method: 'POST',
					headers: json,
					body: JSON.stringify({ model: 'gpt-4o-image', prompt: 'slow' }),
					signal: AbortSignal.timeout(150),
				}),
			).rejects.toThrow();
			expect(Date.now() - started).toBeLessThan(1000);
			expect(slow.tasks.size).toBe(1);
			expect(slow.requests[0].fault).toBe('delay:5000');
			slow.inject({ method: 'GET', delayMs: 5000 });
			void fetch(`${slow.baseUrl}/v1/credits`, { headers: auth }).catch(() => undefined);
			await until(() => slow.stats().inFlight.total, (n) => n >= 1);
		} finally {
			const closing = Date.now();
			await slow.close();
			expect(Date.now() - closing).toBeLessThan(1000);
		}
	});

	it('faults result downloads too', async () => {
		const { body } = await create({ prompt: '[duration:20] x' });
		const task = await until(async () => (await query(body.id)).body, (t) => t.status === 'completed');
		sim.inject({ method: 'GET', path: '/files/', status: 503 });
		expect((await download(task.results[0])).status).toBe(503);
		expect((await download(task.results[0])).status).toBe(200);
	});

	it('rejects a fault that does nothing', () => {
		expect(() => sim.inject({ method: 'GET' })).toThrow(TypeError);
		expect(() => sim.inject({ drop: 'sideways' as 'before' })).toThrow(TypeError);
	});
});

describe('result modes', () => {
	afterEach(() => sim.configure({ resultMode: 'png', resultImageBytes: undefined, oversizedBytes: 60 * 2 ** 20 }));

	async function completedUrl(): Promise<string> {
		const { body } = await create({ prompt: '[duration:10] r' });
		return (await until(async () => (await query(body.id)).body, (t) => t.status === 'completed')).results[0];
	}

	it("'oversized' streams a valid PNG of exactly oversizedBytes with Content-Length", async () => {
		sim.configure({ resultMode: 'oversized', oversizedBytes: 3 * 2 ** 20 + 7 });
		const file = await download(await completedUrl());
		expect(file.type).toBe('image/png');
		expect(Number(file.length)).toBe(3 * 2 ** 20 + 7);
		expect(file.bytes.length).toBe(3 * 2 ** 20 + 7);
		const chunks = readPngChunks(file.bytes);
		expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'evPd', 'IEND']);
		expect(chunks.every((c) => c.crcOk)).toBe(true);
	});

	it("'oversized-undeclared' sends the same without Content-Length", async () => {
		sim.configure({ resultMode: 'oversized-undeclared', oversizedBytes: 2 ** 20 });
		const file = await download(await completedUrl());
		expect(file.length).toBeNull();
		expect(file.bytes.length).toBe(2 ** 20);
	});

	it("'not-image' serves HTML", async () => {
		sim.configure({ resultMode: 'not-image' });
		const file = await download(await completedUrl());
		expect(file.status).toBe(200);
		expect(file.type).toMatch(/^text\/html/);
		expect(file.bytes.toString()).toContain('<html');
	});

	it('resultImageBytes serves a valid PNG of about that size', async () => {
		sim.configure({ resultImageBytes: 500_000 });
		const file = await download(await completedUrl());
		expect(Math.abs(file.bytes.length - 500_000)).toBeLessThan(5_000);
		const chunks = readPngChunks(file.bytes);
		expect(chunks.every((c) => c.crcOk)).toBe(true);
		const width = chunks[0].data.readUInt32BE(0);
		const height = chunks[0].data.readUInt32BE(4);
		expect(inflateSync(chunks[1].data).length).toBe(height * (width * 3 + 1));
	});
});

describe('uploads', () => {
	const image = makePng({ width: 10, height: 7 });

	it('stores a multipart upload (binary-safe) and serves the same bytes back without a key', async () => {
		const form = new FormData();
		form.append('upload_path', 'refs');
		form.append('file', new Blob([image], { type: 'text/plain' }), 'photo.png'); // the declared type is not trusted
		const res = await call('/api/v1/files/upload/stream', { method: 'POST', headers: auth, body: form });
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			success: true,
			code: 200,
			msg: 'File uploaded successfully',
			data: {
				file_id: expect.stringMatching(/^file_/),
				file_url: `${sim.filesBaseUrl}/uploads/${res.body.data.file_id}/photo.png`,
				download_url: expect.stringContaining(`/uploads/${res.body.data.file_id}/`),
				mime_type: 'image/png',
				file_size: image.length,
				expires_at: expect.any(String),
			},
		});
		const expires = Date.parse(res.body.data.expires_at) - Date.now();
		expect(Math.abs(expires - 72 * 3600 * 1000)).toBeLessThan(60_000);
		const served = await download(res.body.data.file_url);
		expect(served.type).toBe('image/png');
		expect(served.bytes.equals(image)).toBe(true);
		expect(sim.uploads.get(res.body.data.file_id)).toMatchObject({ mimeType: 'image/png', fileName: 'photo.png' });
		expect(sim.requests[0].body).toEqual({ fields: { upload_path: 'refs' }, fileSize: image.length, fileName: 'photo.png', mimeType: 'text/plain' });
	});

	it('stores a base64 data URL upload', async () => {
		const res = await call('/api/v1/files/upload/base64', {
			method: 'POST',
			headers: json,
			body: JSON.stringify({ base64_data: `data:image/png;base64,${image.toString('base64')}` }),
		});
		expect(res.body).toMatchObject({ success: true, code: 200, data: { mime_type: 'image/png', file_size: image.length } });
		expect((await download(res.body.data.file_url)).bytes.equals(image)).toBe(true);
	});

	it('detects JPEG, GIF and WebP by their magic bytes', async () => {
		const samples: Array<[Buffer, string]> = [
			[Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]), 'image/jpeg'],
			[Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'image/gif'],
			[Buffer.concat([Buffer.from('RIFF'), Buffer.from([26, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(14)]), 'image/webp'],
		];
		for (const [bytes, mime] of samples) {
			const form = new FormData();
			form.append('file', new Blob([bytes]), 'x.bin');
			const res = await call('/api/v1/files/upload/stream', { method: 'POST', headers: auth, body: form });
			expect(res.body.data.mime_type).toBe(mime);
			const served = await download(res.body.data.file_url);
			expect(served.type).toBe(mime);
			expect(served.bytes.equals(bytes)).toBe(true);
		}
	});

	it('refuses what is not an image with success:false (HTTP 200), storing nothing', async () => {
		const form = new FormData();
		form.append('file', new Blob(['hello'], { type: 'image/png' }), 'fake.png');
		const streamed = await call('/api/v1/files/upload/stream', { method: 'POST', headers: auth, body: form });
		expect(streamed.status).toBe(200);
		expect(streamed.body).toEqual({ success: false, code: 400, msg: 'Unsupported file type', data: null });
		const b64 = await call('/api/v1/files/upload/base64', {
			method: 'POST',
			headers: json,
			body: JSON.stringify({ base64_data: `data:image/png;base64,${Buffer.from('%PDF-1.7').toString('base64')}` }),
		});
		expect(b64.body).toEqual({ success: false, code: 400, msg: 'Unsupported file type', data: null });
		expect(sim.uploads.size).toBe(0);
		expect((await download(`${sim.baseUrl}/uploads/file_nothere/x.png`)).status).toBe(404);
	});
});

describe('credits, log and control', () => {
	it('reports credits in the documented shape, reserving on create and charging on completion', async () => {
		expect(await credits()).toEqual({
			data: {
				token: { remaining_credits: 1000, unlimited_credits: false, used_credits: 0 },
				user: { remaining_credits: 1000, used_credits: 0 },
			},
			message: '',
			success: true,
		});
		const { body } = await create({ prompt: '[duration:60] four', n: 4 });
		expect((await credits()).data.user).toEqual({ remaining_credits: 990, used_credits: 0 });
		await until(async () => (await query(body.id)).body, (t) => t.status === 'completed');
		expect((await credits()).data.user).toEqual({ remaining_credits: 990, used_credits: 10 });
		// Settlement does not depend on anyone querying the task.
		await create({ prompt: '[duration:30][fail:service_error] x' });
		await new Promise((resolve) => setTimeout(resolve, 60));
		expect((await credits()).data.user).toEqual({ remaining_credits: 990, used_credits: 10 });
	});

	it('replays a create with the same Idempotency-Key when idempotency is on', async () => {
		const key = 'evolink-test-key-0001';
		expect((await create({ prompt: 'a' }, { 'idempotency-key': key })).headers.get('idempotency-replayed')).toBeNull();
		expect((await create({ prompt: 'a' }, { 'idempotency-key': key })).headers.get('idempotency-replayed')).toBeNull();
		expect(sim.tasks.size).toBe(2); // ignored while off
		sim.reset();
		sim.configure({ idempotency: true });
		try {
			sim.inject({ method: 'POST', drop: 'after' });
			await expect(create({ prompt: 'b' }, { 'idempotency-key': key })).rejects.toThrow();
			const replay = await create({ prompt: 'b' }, { 'idempotency-key': key });
			expect(replay.status).toBe(200);
			expect(replay.headers.get('idempotency-replayed')).toBe('true');
			expect(replay.body.id).toBe([...sim.tasks.keys()][0]);
			expect(sim.tasks.size).toBe(1);
			expect(sim.requests.map((r) => r.idempotency)).toEqual(['new', 'replayed']);
		} finally {
			sim.configure({ idempotency: false });
		}
	});

	it('logs every request with method, path, query, status, body, times; count() filters them', async () => {
		await call('/v1/credits?verbose=1', { headers: auth });
		const { body } = await create({ prompt: 'logged' });
		await query(body.id);
		await call('/nowhere', { headers: auth });
		const [first, second] = sim.requests;
		expect(first).toMatchObject({ seq: 1, method: 'GET', path: '/v1/credits', query: { verbose: '1' }, status: 200, authorized: true, body: null, kind: 'credits' });
		expect(second).toMatchObject({ seq: 2, method: 'POST', kind: 'create', body: { model: 'gpt-4o-image', prompt: 'logged' }, taskId: body.id });
		expect(second.headers['content-type']).toBe('application/json');
		for (const entry of sim.requests) {
			expect(entry.endedAt).toBeGreaterThanOrEqual(entry.startedAt);
			expect(Math.abs(entry.startedAt - Date.now())).toBeLessThan(10_000);
		}
		expect(sim.requests[3].status).toBe(404);
		expect(sim.count('GET', '/v1/')).toBe(2);
		expect(sim.count('POST', '/v1/images/generations')).toBe(1);
		expect(sim.count('GET', /^\/v1\/tasks\/task-unified-/)).toBe(1);
		expect(sim.count(undefined)).toBe(4);
	});

	it('tracks peak in-flight requests', async () => {
		sim.inject({ method: 'POST', delayMs: 80, times: Infinity });
		await Promise.all([1, 2, 3].map((i) => create({ prompt: `parallel ${i}` })));
		expect(sim.stats().maxConcurrentRequests).toEqual({ create: 3, query: 0, total: 3 });
	});

	it('reset() clears log, tasks, faults, uploads, stats and credits but keeps options', async () => {
		sim.configure({ creditsPerImage: 1 });
		try {
			await create({ prompt: 'x', n: 2 });
			sim.inject({ status: 500, times: Infinity });
			sim.reset();
			expect(sim.requests).toHaveLength(0);
			expect(sim.tasks.size).toBe(0);
			expect(sim.stats()).toMatchObject({ maxConcurrentRequests: { create: 0, query: 0, total: 0 }, pendingFaults: 0 });
			expect((await credits()).data.user.remaining_credits).toBe(1000);
			expect((await create({ prompt: 'y', n: 2 })).body.usage.credits_reserved).toBe(2);
		} finally {
			sim.configure({ creditsPerImage: 2.5 });
		}
	});

	it('close() ends promptly with keep-alive sockets open', async () => {
		const own = await startSimulator({ apiKey: KEY });
		for (let i = 0; i < 3; i++) expect((await fetch(`${own.baseUrl}/v1/credits`, { headers: auth })).status).toBe(200);
		const started = Date.now();
		await own.close();
		expect(Date.now() - started).toBeLessThan(500);
		await expect(fetch(`${own.baseUrl}/v1/credits`, { headers: auth })).rejects.toThrow();
		await own.close(); // twice is fine
	});

	it('runs as a CLI that prints its URLs and stops on SIGTERM', async () => {
		const child = spawn(process.execPath, [path.join(__dirname, 'simulator', 'cli.js'), '--api-key', KEY, '--duration-ms', '10,20', '--estimated-time', '9', '--estimate-factor', '3', '--progress', 'stall', '--queue-ms', '2,4'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		try {
			const line = await new Promise<string>((resolve, reject) => {
				let out = '';
				child.stdout.on('data', (data: Buffer) => {
					out += data.toString();
					if (out.includes('\n')) resolve(out.split('\n')[0]);
				});
				child.once('exit', (code) => reject(new Error(`cli exited with ${code}`)));
			});
			const urls = JSON.parse(line);
			expect(urls).toEqual({ baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), filesBaseUrl: expect.any(String) });
			expect(line).not.toContain(KEY);
			const res = await fetch(`${urls.baseUrl}/v1/images/generations`, {
				method: 'POST',
				headers: json,
				body: JSON.stringify({ model: 'gpt-4o-image', prompt: 'cli' }),
			});
			expect(((await res.json()) as Json).task_info.estimated_time).toBe(27);
		} finally {
			const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		}
	});
});

describe('callbacks', () => {
	/** A local receiver that answers each POST with the next status of `statuses` (the last repeats). */
	async function receiver(statuses: Array<number | 'hang'>) {
		const http = await import('node:http');
		const received: Array<{ path: string; body: Json; at: number }> = [];
		const server = http.createServer((req, res) => {
			let raw = '';
			req.on('data', (chunk) => (raw += chunk));
			req.on('end', () => {
				received.push({ path: req.url ?? '', body: JSON.parse(raw), at: Date.now() });
				const status = statuses[Math.min(received.length - 1, statuses.length - 1)];
				if (status === 'hang') return;
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end('{}');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const port = (server.address() as { port: number }).port;
		return {
			received,
			base: `http://127.0.0.1:${port}`,
			close: () => {
				server.closeAllConnections();
				return new Promise((resolve) => server.close(resolve));
			},
		};
	}

	const until = async (condition: () => boolean, ms = 5000) => {
		const end = Date.now() + ms;
		while (!condition()) {
			if (Date.now() > end) throw new Error('condition not met in time');
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
	};

	it('POSTs the ended task to its callback_url (rewritten to a local receiver) once, after it ends', async () => {
		const hook = await receiver([200]);
		sim.configure({ callbackRewrite: { from: 'https://hooks.example.com', to: hook.base } });
		try {
			const created = await create({ prompt: 'p', callback_url: 'https://hooks.example.com/webhook/abc/evolink?x=1' });
			expect(created.status).toBe(200);
			await until(() => sim.callbacks.length === 1 && sim.callbacks[0].endedAt !== undefined);
			expect(hook.received).toHaveLength(1);
			expect(hook.received[0].path).toBe('/webhook/abc/evolink?x=1');
			const body = hook.received[0].body;
			expect(body).toMatchObject({ id: created.body.id, status: 'completed', progress: 100 });
			expect(body.results).toHaveLength(1);
			const task = sim.tasks.get(created.body.id);
			expect(hook.received[0].at).toBeGreaterThanOrEqual(Math.floor(task!.completesAt));
			expect(sim.callbacks[0]).toMatchObject({ taskId: created.body.id, attempt: 0, status: 200, target: `${hook.base}/webhook/abc/evolink?x=1` });
			expect(JSON.stringify(hook.received)).not.toContain(KEY);
			await new Promise((resolve) => setTimeout(resolve, 300));
			expect(hook.received).toHaveLength(1);
		} finally {
			sim.configure({ callbackRewrite: undefined });
			await hook.close();
		}
	});

	it('retries up to 3 times after 1, 2, 4 s (scaled here) when the receiver does not answer 2xx, in the trimmed shape on request', async () => {
		const hook = await receiver([500, 'hang', 404, 500]);
		sim.configure({
			callbackRewrite: { from: 'https://hooks.example.com', to: hook.base },
			callbackRetryDelaysMs: [100, 200, 400],
			callbackTimeoutMs: 150,
			callbackBody: 'trimmed',
		});
		try {
			const created = await create({ prompt: 'p [fail:content_policy_violation]', callback_url: 'https://hooks.example.com/h' });
			await until(() => sim.callbacks.length === 4 && sim.callbacks.every((c) => c.endedAt !== undefined));
			expect(sim.callbacks.map((c) => [c.attempt, c.status])).toEqual([[0, 500], [1, null], [2, 404], [3, 500]]);
			expect(sim.callbacks[1].error).toContain('no answer within 150 ms');
			const gaps = sim.callbacks.slice(1).map((c, i) => c.startedAt - (sim.callbacks[i].endedAt as number));
			expect(gaps[0]).toBeGreaterThanOrEqual(95);
			expect(gaps[1]).toBeGreaterThanOrEqual(195);
			expect(gaps[2]).toBeGreaterThanOrEqual(395);
			expect(hook.received[0].body).toEqual({
				id: created.body.id,
				status: 'failed',
				model: 'gpt-4o-image',
				error: { code: 'content_policy_violation', message: expect.any(String) },
			});
			await new Promise((resolve) => setTimeout(resolve, 500));
			expect(sim.callbacks).toHaveLength(4);
			expect(sim.pendingCallbacks()).toBe(0);
		} finally {
			sim.configure({ callbackRewrite: undefined, callbackRetryDelaysMs: undefined, callbackTimeoutMs: undefined, callbackBody: undefined });
			await hook.close();
		}
	});

	it('sends nothing for tasks without callback_url, or with callbacks off; reset cancels pending deliveries', async () => {
		const hook = await receiver([200]);
		sim.configure({ callbackRewrite: { from: 'https://hooks.example.com', to: hook.base }, callbacks: false });
		try {
			await create({ prompt: 'p', callback_url: 'https://hooks.example.com/h' });
			await create({ prompt: 'q' });
			await new Promise((resolve) => setTimeout(resolve, 400));
			expect(sim.callbacks).toEqual([]);
			sim.configure({ callbacks: true });
			await create({ prompt: 'r [duration:300]', callback_url: 'https://hooks.example.com/h' });
			expect(sim.pendingCallbacks()).toBe(1);
			sim.reset();
			expect(sim.pendingCallbacks()).toBe(0);
			await new Promise((resolve) => setTimeout(resolve, 450));
			expect(hook.received).toEqual([]);
		} finally {
			sim.configure({ callbackRewrite: undefined, callbacks: undefined });
			await hook.close();
		}
	});
});
