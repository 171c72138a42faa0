/**
 * The simulator is the tests' stand-in for Evolink: these checks keep it honest about the parts
 * the engine tests do not reach on their own.
 */
import { inflateSync } from 'node:zlib';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSimulator } = require('./simulator');

const KEY = 'sk-evo-simulator-test';
let sim: Awaited<ReturnType<typeof startSimulator>>;

beforeAll(async () => {
	sim = await startSimulator({ apiKey: KEY, durationMs: 200 });
});
beforeEach(() => sim.reset());
afterAll(async () => sim.close());

const auth = { authorization: `Bearer ${KEY}` };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of many shapes, checked by the assertions
type Json = any;
const read = async (response: Response | Promise<Response>): Promise<Json> => (await response).json();

async function create(body: Record<string, unknown>) {
	const res = await fetch(`${sim.baseUrl}/v1/images/generations`, {
		method: 'POST',
		headers: { ...auth, 'content-type': 'application/json' },
		body: JSON.stringify({ model: 'gpt-4o-image', ...body }),
	});
	return { status: res.status, body: await read(res) };
}

it('rejects a wrong key without logging any key', async () => {
	const res = await fetch(`${sim.baseUrl}/v1/credits`, { headers: { authorization: 'Bearer sk-evo-nope' } });
	expect(res.status).toBe(401);
	expect((await read(res)).error.code).toBe('invalid_api_key');
	expect(sim.requests[0].authorized).toBe(false);
	expect(JSON.stringify(sim.requests)).not.toContain('sk-evo-nope');
});

it('validates like the API: 400 with the parameter', async () => {
	const res = await create({ prompt: 'x', n: 3 });
	expect(res.status).toBe(400);
	expect(res.body.error.param).toBe('n');
	expect(sim.tasks.size).toBe(0);
});

it('runs a task through pending and processing to completed PNG results', async () => {
	const { body } = await create({ prompt: '[duration:300] a fox', n: 2 });
	expect(body).toMatchObject({ status: 'pending', progress: 0, usage: { credits_reserved: 5 } });
	const seen = new Set<string>();
	let task: Json = body;
	while (task.status !== 'completed') {
		task = await read(fetch(`${sim.baseUrl}/v1/tasks/${body.id}`, { headers: auth }));
		seen.add(task.status as string);
	}
	expect(seen.has('processing') || seen.has('pending')).toBe(true);
	expect(task.results).toHaveLength(2);
	const png = Buffer.from(await (await fetch((task.results as string[])[0])).arrayBuffer());
	expect(png.subarray(1, 4).toString()).toBe('PNG');
	// The IDAT chunk inflates to 64 rows of 64 RGB pixels plus a filter byte each.
	const idatLength = png.readUInt32BE(33);
	expect(inflateSync(png.subarray(41, 41 + idatLength)).length).toBe(64 * (64 * 3 + 1));
	expect(sim.tasks.get(body.id).firstFinalSeenAt).toBeGreaterThanOrEqual(sim.tasks.get(body.id).completesAt);
});

it('fails a task on [fail:code] and returns its credits', async () => {
	const before = (await read(fetch(`${sim.baseUrl}/v1/credits`, { headers: auth }))).data.user.remaining_credits;
	const { body } = await create({ prompt: '[duration:50][fail:content_policy_violation] no' });
	let task: Json = body;
	while (task.status !== 'failed') task = await read(fetch(`${sim.baseUrl}/v1/tasks/${body.id}`, { headers: auth }));
	expect(task.error?.code).toBe('content_policy_violation');
	const after = (await read(fetch(`${sim.baseUrl}/v1/credits`, { headers: auth }))).data.user.remaining_credits;
	expect(after).toBe(before);
});

it('drops connections before or after processing on demand', async () => {
	sim.inject({ method: 'POST', drop: 'before' });
	await expect(create({ prompt: 'a' })).rejects.toThrow();
	expect(sim.tasks.size).toBe(0);
	sim.inject({ method: 'POST', drop: 'after' });
	await expect(create({ prompt: 'b' })).rejects.toThrow();
	expect(sim.tasks.size).toBe(1);
	sim.inject({ method: 'POST', status: 503, afterProcessing: true });
	expect((await create({ prompt: 'c' })).status).toBe(503);
	expect(sim.tasks.size).toBe(2);
});

it('answers 429 with Retry-After when told to', async () => {
	sim.inject({ method: 'GET', path: '/v1/credits', status: 429, retryAfter: 3 });
	const res = await fetch(`${sim.baseUrl}/v1/credits`, { headers: auth });
	expect(res.status).toBe(429);
	expect(res.headers.get('retry-after')).toBe('3');
});

it('stores uploads (multipart and base64) and serves the same bytes back', async () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { makePng } = require('./simulator/png');
	const image: Buffer = makePng({ width: 10, height: 7 });
	const form = new FormData();
	form.append('file', new Blob([image], { type: 'image/png' }), 'photo.png');
	const streamed = await read(fetch(`${sim.filesBaseUrl}/api/v1/files/upload/stream`, { method: 'POST', headers: auth, body: form }));
	expect(streamed).toMatchObject({ success: true, data: { mime_type: 'image/png', file_size: image.length } });
	expect(Buffer.from(await (await fetch(streamed.data.file_url)).arrayBuffer())).toEqual(image);

	const b64 = await read(
		fetch(`${sim.filesBaseUrl}/api/v1/files/upload/base64`, {
			method: 'POST',
			headers: { ...auth, 'content-type': 'application/json' },
			body: JSON.stringify({ base64_data: `data:image/png;base64,${image.toString('base64')}` }),
		}),
	);
	expect(Buffer.from(await (await fetch(b64.data.file_url)).arrayBuffer())).toEqual(image);

	const text = new FormData();
	text.append('file', new Blob(['hello'], { type: 'image/png' }), 'fake.png');
	const refused = await read(fetch(`${sim.filesBaseUrl}/api/v1/files/upload/stream`, { method: 'POST', headers: auth, body: text }));
	expect(refused).toEqual({ success: false, code: 400, msg: 'Unsupported file type', data: null });
	expect(sim.uploads.size).toBe(2);
});
