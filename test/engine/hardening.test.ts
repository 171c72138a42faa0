/**
 * Defects found by testing from outside (a new user's view against an independent stand-in for
 * Evolink), and the same class of gap looked for in every answer of every endpoint: each case
 * here failed before its fix. Facts: docs/evolink-api.md.
 */
import { binaryEntry, jpeg, png } from '../fixtures/images';
import { fastPolling, items, jsonOf, runNode, useSimulator } from './setup';

const ctx = useSimulator();

const HTML_PAGE = '<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>';

const generate = (prompt: string, options: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
	resource: 'image',
	operation: 'generate',
	prompt,
	...extra,
	options: { ...fastPolling, ...options },
});

const create = (extra: Record<string, unknown>, options: Record<string, unknown> = {}) => ({
	resource: 'image',
	operation: 'create',
	prompt: 'Make the sky purple',
	...extra,
	options,
});

describe('answers the node cannot parse', () => {
	it('a create answered 200 with an unreadable body says a task may exist, and is not re-sent', async () => {
		const { sim } = ctx;
		sim.inject({ method: 'POST', path: '/v1/images/generations', text: HTML_PAGE, afterProcessing: true });
		const result = await runNode(sim, generate('a fox'));
		expect(result.status).toBe('error');
		expect(result.error.message).toBe('Evolink did not confirm the create request: a task may have been created and billed');
		expect(result.error.description).toContain('Look for the task in your Evolink dashboard');
		expect(sim.count('POST', '/v1/images/generations')).toBe(1);
		expect(sim.tasks.size).toBe(1);
	});

	it('a create answered 200 with JSON that is no task says the same', async () => {
		const { sim } = ctx;
		sim.inject({ method: 'POST', path: '/v1/images/generations', body: { ok: true }, afterProcessing: true });
		const result = await runNode(sim, create({}));
		expect(result.error.message).toBe('Evolink did not confirm the create request: a task may have been created and billed');
		expect(result.error.description).toContain('the task object has no "id"');
		expect(sim.count('POST', '/v1/images/generations')).toBe(1);
	});

	it('malformed status answers (an HTML page with 200) are read again, and every item completes', async () => {
		const { sim } = ctx;
		sim.inject({ method: 'GET', path: '/v1/tasks/', text: HTML_PAGE, times: 6 });
		const result = await runNode(sim, generate('={{ $json.prompt }}'), {
			input: items(...Array.from({ length: 5 }, (_, i) => ({ prompt: `fox ${i}` }))),
		});
		expect(result.status).toBe('success');
		expect(jsonOf(result).map((t) => t.status)).toEqual(Array(5).fill('completed'));
		expect(sim.stats().faultsHit).toBe(6);
	});

	it('a status answer for another task is not taken for this one', async () => {
		const { sim } = ctx;
		sim.inject({
			method: 'GET',
			path: '/v1/tasks/',
			times: 2,
			body: (task: Record<string, unknown>) => ({ ...task, id: 'task-unified-1-someoneelse', status: 'completed', progress: 100, results: ['https://example.com/not-yours.png'] }),
		});
		const result = await runNode(sim, generate('a fox', {}, { downloadImages: false }));
		expect(result.status).toBe('success');
		const [task] = jsonOf(result);
		const [taskId] = [...sim.tasks.keys()];
		expect(task.id).toBe(taskId);
		expect(task.imageUrls).not.toContain('https://example.com/not-yours.png');
	});

	it('Get Status reads a malformed answer again instead of failing the item', async () => {
		const { sim } = ctx;
		const created = await runNode(sim, create({}));
		const { id } = jsonOf(created)[0] as { id: string };
		sim.inject({ method: 'GET', path: '/v1/tasks/', text: HTML_PAGE, times: 2 });
		const result = await runNode(sim, { resource: 'task', operation: 'getStatus', taskId: id });
		expect(result.status).toBe('success');
		expect(jsonOf(result)[0].id).toBe(id);
		expect(sim.count('GET', '/v1/tasks/')).toBe(3);
	});

	it('Get Credits reads a malformed answer again', async () => {
		const { sim } = ctx;
		sim.inject({ method: 'GET', path: '/v1/credits', text: HTML_PAGE });
		const result = await runNode(sim, { resource: 'account', operation: 'getCredits' });
		expect(result.status).toBe('success');
		expect(jsonOf(result)[0]).toHaveProperty('user.remaining_credits');
		expect(sim.count('GET', '/v1/credits')).toBe(2);
	});

	it('an upload answered with an HTML page is tried again, then the task is created once', async () => {
		const { sim } = ctx;
		sim.inject({ method: 'POST', path: '/api/v1/files/upload/', text: HTML_PAGE });
		const input = [{ json: {}, binary: { data: binaryEntry(png(16, 16), 'image/png', 'photo.png') } }];
		const result = await runNode(sim, create({ referenceImages: 'binary', imageBinaryFields: 'data' }), { input });
		expect(result.status).toBe('success');
		expect(sim.count('POST', '/api/v1/files/upload/')).toBe(2);
		expect(sim.count('POST', '/v1/images/generations')).toBe(1);
	});
});

describe('a completed task without images', () => {
	it('is an error that keeps the task id, not a success with nothing in it', async () => {
		const { sim } = ctx;
		sim.inject({
			method: 'GET',
			path: '/v1/tasks/',
			times: Infinity,
			body: (task: Record<string, unknown>) => (task.status === 'completed' ? { ...task, results: [] } : task),
		});
		const result = await runNode(sim, generate('a fox'), { continueOnFail: true });
		const [out] = jsonOf(result);
		const [taskId] = [...sim.tasks.keys()];
		expect(out.error).toBe(`Evolink reported task ${taskId} as completed but sent no image URLs`);
		expect(out.taskId).toBe(taskId);
	});

	it('is an error in Get Status too', async () => {
		const { sim } = ctx;
		const created = await runNode(sim, generate('a fox', {}, { downloadImages: false }));
		const { id } = jsonOf(created)[0] as { id: string };
		sim.inject({ method: 'GET', path: '/v1/tasks/', body: (task: Record<string, unknown>) => ({ ...task, results: null }) });
		const result = await runNode(sim, { resource: 'task', operation: 'getStatus', taskId: id }, { continueOnFail: true });
		expect(jsonOf(result)[0].error).toBe(`Evolink reported task ${id} as completed but sent no image URLs`);
	});
});

describe('input refused before anything is sent', () => {
	it.each([
		['an IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/hook', 'must be a public address: Evolink refuses loopback and private hosts such as "[::ffff:7f00:1]"'],
		['an IPv4-mapped private address in hex', 'https://[::ffff:a00:1]/hook', 'must be a public address: Evolink refuses loopback and private hosts such as "[::ffff:a00:1]"'],
		['a NAT64 form of a private address', 'https://[64:ff9b::c0a8:101]/hook', 'must be a public address: Evolink refuses loopback and private hosts such as "[64:ff9b::c0a8:101]"'],
		['the unspecified IPv6 address', 'https://[::]/hook', 'must be a public address: Evolink refuses loopback and private hosts such as "[::]"'],
		['localhost with a trailing dot', 'https://localhost./hook', 'must be a public address: Evolink refuses loopback and private hosts such as "localhost."'],
		['a loopback name with a trailing dot', 'https://app.localhost./hook', 'must be a public address: Evolink refuses loopback and private hosts such as "app.localhost."'],
		['a loopback IPv4 written as one number', 'https://2130706433/hook', 'must be a public address: Evolink refuses loopback and private hosts such as "127.0.0.1"'],
		['a user name and password', 'https://user:secret@hooks.example.com/hook', 'must not contain a user name or password: Evolink would pass them on to the callback host'],
		['a single-label host name', 'https://intranet/hook', 'must be a public address: Evolink refuses loopback and private hosts such as "intranet"'],
	])('a callback URL with %s', async (_label, callbackUrl, problem) => {
		const { sim } = ctx;
		const result = await runNode(sim, create({}, { callbackUrl }));
		expect(result.error.message).toBe(`Invalid "Callback URL" in item 0: ${problem}`);
		expect(result.error.message).not.toContain('secret');
		expect(sim.requests).toHaveLength(0);
	});

	it.each([
		// The field is required in the panel; an expression that finds no photo still leaves it empty.
		['a mask URL without a reference image', { imageUrls: '={{ $json.photo ?? "" }}', maskUrl: 'https://example.com/mask.png' }, 'Invalid "Mask URL" in item 0: needs exactly one reference image to edit, got none'],
		['a mask URL that is not a PNG', { imageUrls: 'https://example.com/photo.png', maskUrl: 'https://example.com/mask.jpg' }, 'Invalid "Mask URL" in item 0: must be a PNG (the mask\'s transparent areas are edited), got a .jpg file'],
		['a JPEG reference with a mask URL', { imageUrls: 'https://example.com/photo.jpeg', maskUrl: 'https://example.com/mask.png' }, 'Invalid "Reference Image URLs" in item 0: must be a PNG when a mask is used (Evolink edits PNG images with masks), got a .jpeg file'],
	])('%s', async (_label, urls, message) => {
		const { sim } = ctx;
		const result = await runNode(sim, create({ referenceImages: 'url', ...urls }));
		expect(result.error.message).toBe(message);
		expect(sim.requests).toHaveLength(0);
	});

	it('a reference URL on a private host, which Evolink\'s servers cannot fetch, is refused', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, create({ referenceImages: 'url', imageUrls: 'http://192.168.1.20/photo.png' }));
		expect(result.error.message).toBe(
			'Invalid "Reference Image URLs #1" in item 0: must be a public address that Evolink\'s servers can download, got the private host "192.168.1.20"',
		);
		expect(sim.requests).toHaveLength(0);
	});

	it('a JPEG reference with a PNG mask from binary data is refused before any upload', async () => {
		const { sim } = ctx;
		const input = [{ json: {}, binary: { data: binaryEntry(jpeg(48, 32), 'image/jpeg', 'photo.jpg'), mask: binaryEntry(png(48, 32), 'image/png', 'mask.png') } }];
		const result = await runNode(sim, create({ referenceImages: 'binary', imageBinaryFields: 'data', maskBinaryField: 'mask' }), { input });
		expect(result.error.message).toBe(
			'Invalid "Reference Image Fields" in item 0: "data" is JPEG; the image edited with a mask must be a PNG',
		);
		expect(sim.requests).toHaveLength(0);
	});

	it('a reference of 10.2 million bytes is refused: the vendor\'s "10MB" is read the strict, decimal way', async () => {
		const { sim } = ctx;
		const photo = png(1845, 1845, true); // 10 215 538 bytes: under 10 MiB, over 10 MB
		expect(photo.length).toBeGreaterThan(10_000_000);
		expect(photo.length).toBeLessThan(10 * 2 ** 20);
		const input = [{ json: {}, binary: { data: binaryEntry(photo, 'image/png', 'photo.png') } }];
		const result = await runNode(sim, create({ referenceImages: 'binary', imageBinaryFields: 'data' }), { input });
		expect(result.error.message).toBe('Invalid "Reference Image Fields" in item 0: "data" is 10.2 MB; each reference may be at most 10 MB');
		expect(sim.requests).toHaveLength(0);
	});

	it.each([
		['task-unified-1757156493-abc/def', 'must contain only letters, digits, "-" and "_" after "task-unified-", found "/"'],
		['task-unified-1757156493-abc%2F', 'must contain only letters, digits, "-" and "_" after "task-unified-", found "%"'],
		['task-unified-1757156493-abc?x=1', 'must contain only letters, digits, "-" and "_" after "task-unified-", found "?"'],
		['task-unified-', 'must have an id after "task-unified-", e.g. task-unified-1757156493-imcg5zqt'],
		['abc-123', 'must be an Evolink task id starting with "task-unified-", e.g. task-unified-1757156493-imcg5zqt'],
	])('the task id %s is refused with the rule it breaks', async (taskId, problem) => {
		const { sim } = ctx;
		const result = await runNode(sim, { resource: 'task', operation: 'getStatus', taskId });
		expect(result.error.message).toBe(`Invalid "Task ID" in item 0: ${problem}`);
		expect(sim.requests).toHaveLength(0);
	});
});

describe('HTTP answers in words that fit them', () => {
	it('413 on an upload says the file is too large, not that Evolink has a problem', async () => {
		const { sim } = ctx;
		sim.inject({ method: 'POST', path: '/api/v1/files/upload/', status: 413 });
		const input = [{ json: {}, binary: { data: binaryEntry(png(16, 16), 'image/png', 'photo.png') } }];
		const result = await runNode(sim, create({ referenceImages: 'binary', imageBinaryFields: 'data' }), { input });
		expect(result.error.message).toMatch(/^Could not upload the reference image from field "data": HTTP 413/);
		expect(result.error.description).toContain('too large');
		expect(sim.count('POST', '/v1/images/generations')).toBe(0);
	});

	it('403 says the key may not use this, and is not retried', async () => {
		const { sim } = ctx;
		sim.inject({ method: 'POST', path: '/v1/images/generations', status: 403 });
		const result = await runNode(sim, create({}));
		expect(result.error.message).toMatch(/^Evolink refused access \(403\)/);
		expect(sim.count('POST', '/v1/images/generations')).toBe(1);
	});
});
