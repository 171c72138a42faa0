// @ts-check
/**
 * An Evolink API simulator: a real HTTP server on 127.0.0.1 that behaves like the documented
 * API (shared/evolink-api.md): create, query, credits and file upload; tasks that go pending →
 * processing (rising progress) → completed or failed; the error envelope with 400/401/402/404;
 * and, on demand, 429 with Retry-After, 5xx, slow answers and dropped connections, before or
 * after the request was processed. Every request is logged (never the API key) so tests can
 * count what reached the "API".
 *
 * Deterministic outcomes from the prompt, usable from any process:
 *   [fail:CODE]      the task fails with that vendor code
 *   [duration:MS]    the task takes MS milliseconds (before timeScale)
 *   [estimated:S]    the task reports S seconds as estimated_time
 */
const http = require('node:http');
const { performance } = require('node:perf_hooks');

const { makePng, colourFor, sniffImageType } = require('./png');
const { parseMultipart } = require('./multipart');

const SIZES = ['1:1', '2:3', '3:2', '1024x1024', '1024x1536', '1536x1024'];

/** Vendor failure codes with the kind of message Evolink sends. */
const FAILURE_MESSAGES = /** @type {Record<string, string>} */ ({
	content_policy_violation: 'Your request was rejected as a result of our safety system.',
	invalid_parameters: 'Invalid parameters for the image generation request.',
	image_processing_error: 'Failed to process the input image.',
	image_dimension_mismatch: 'The mask and the image must have the same dimensions.',
	request_cancelled: 'The request was cancelled.',
	generation_failed_no_content: 'The model returned no image. Please try again.',
	service_error: 'Upstream service error. Please try again later.',
	generation_timeout: 'Image generation timed out.',
	resource_exhausted: 'Resources are temporarily exhausted. Please try again later.',
	quota_exceeded: 'Upstream quota exceeded. Please try again later.',
	service_unavailable: 'The service is temporarily unavailable.',
	resource_not_found: 'The requested resource was not found.',
	unknown_error: 'An unknown error occurred.',
});

/**
 * @typedef {object} SimulatorOptions
 * @property {string} [apiKey]
 * @property {number} [credits] starting remaining credits of the user
 * @property {number} [creditsPerImage]
 * @property {number | [number, number] | ((body: any, index: number) => number)} [durationMs]
 * @property {number} [estimatedTime] seconds reported as task_info.estimated_time
 * @property {number} [timeScale] multiplies every task duration
 * @property {number} [seed]
 * @property {boolean} [idempotency] honour Idempotency-Key on create
 * @property {number} [maxConcurrentTasks]
 * @property {number} [maxRequestsPerSecond]
 * @property {'png' | 'oversized' | 'not-image'} [resultMode]
 * @property {number} [oversizedBytes]
 * @property {number} [resultImageBytes] serve result PNGs of about this size
 */

/**
 * @typedef {object} Fault
 * @property {string} [method]
 * @property {string | RegExp} [path]
 * @property {number} [times]
 * @property {number} [probability]
 * @property {number} [status]
 * @property {number} [retryAfter]
 * @property {unknown} [body]
 * @property {'before' | 'after'} [drop]
 * @property {boolean} [afterProcessing]
 * @property {number} [delayMs]
 */

/**
 * @typedef {object} TaskRecord
 * @property {string} id
 * @property {any} body
 * @property {number} created unix seconds
 * @property {number} createdAt ms (performance.now() time origin + now, i.e. Date.now()-like)
 * @property {number} durationMs
 * @property {number} completesAt
 * @property {number} estimatedTime
 * @property {{ code: string, message: string } | undefined} failure
 * @property {number[]} queryTimes
 * @property {number | undefined} firstFinalSeenAt
 * @property {number} reserved
 * @property {boolean} settled
 */

/** Milliseconds on a clock shared with Date.now() but finer. */
const now = () => performance.timeOrigin + performance.now();

/** @param {number} seed */
function rng(seed) {
	let state = seed >>> 0 || 1;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

/** @param {string} value */
function isHttpUrl(value) {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

/** @param {string} host */
function isPrivate(host) {
	const h = host.replace(/^\[|\]$/g, '');
	return /^(127\.|10\.|192\.168\.|169\.254\.|0\.)/.test(h) || /^172\.(1[6-9]|2\d|3[01])\./.test(h) || h === 'localhost' || h === '::1';
}

/** @param {SimulatorOptions} [initial] */
async function startSimulator(initial = {}) {
	/** @type {Required<Pick<SimulatorOptions, 'apiKey'|'credits'|'creditsPerImage'|'timeScale'|'seed'|'idempotency'|'maxConcurrentTasks'|'maxRequestsPerSecond'|'resultMode'|'oversizedBytes'>> & SimulatorOptions} */
	const options = {
		apiKey: 'sk-evo-test-key',
		credits: 1000,
		creditsPerImage: 2.5,
		durationMs: 800,
		timeScale: 1,
		seed: 42,
		idempotency: false,
		maxConcurrentTasks: Infinity,
		maxRequestsPerSecond: Infinity,
		resultMode: 'png',
		oversizedBytes: 60 * 2 ** 20,
		...initial,
	};
	let random = rng(options.seed);
	let credits = { remaining: options.credits, used: 0 };
	/** @type {Map<string, TaskRecord>} */
	const tasks = new Map();
	/** @type {Map<string, { bytes: Buffer, mimeType: string, fileName: string }>} */
	const uploads = new Map();
	/** @type {Map<string, string>} */
	const idempotencyKeys = new Map();
	/** @type {(Fault & { remaining: number })[]} */
	let faults = [];
	/** @type {any[]} */
	const requests = [];
	const recent = /** @type {number[]} */ ([]);
	const inFlight = { create: 0, query: 0, total: 0 };
	const peak = { create: 0, query: 0, total: 0 };
	/** @type {Map<number, Buffer>} */
	const pngCache = new Map();
	let seq = 0;
	let taskCounter = 0;

	const sockets = new Set();
	const server = http.createServer((req, res) => {
		void handle(req, res).catch((error) => {
			if (!res.headersSent) sendJson(res, 500, envelope('internal_error', String(error?.message ?? error), 'server_error'));
			else res.destroy();
		});
	});
	server.keepAliveTimeout = 5000;
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	const baseUrl = `http://127.0.0.1:${address.port}`;

	/** @param {string} code @param {string} message @param {string} type @param {string} [param] */
	function envelope(code, message, type, param) {
		return { error: { code, message, type, ...(param ? { param } : {}) } };
	}

	/** @param {http.ServerResponse} res @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
	function sendJson(res, status, body, headers = {}) {
		const text = JSON.stringify(body);
		res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
		res.end(text);
	}

	/** @param {any} body @param {number} index */
	function durationFor(body, index) {
		const prompt = String(body?.prompt ?? '');
		const explicit = /\[duration:(\d+)\]/.exec(prompt);
		let ms;
		if (explicit) ms = Number(explicit[1]);
		else if (typeof options.durationMs === 'function') ms = options.durationMs(body, index);
		else if (Array.isArray(options.durationMs)) {
			const [min, max] = options.durationMs;
			ms = min + random() * (max - min);
		} else ms = options.durationMs ?? 800;
		return Math.max(1, ms * options.timeScale);
	}

	/** The task object as the API shows it now. @param {TaskRecord} task */
	function view(task) {
		const t = now();
		const elapsed = t - task.createdAt;
		const pendingFor = Math.min(task.durationMs * 0.1, 1000);
		const n = task.body.n ?? 1;
		/** @type {Record<string, unknown>} */
		const base = {
			created: task.created,
			id: task.id,
			model: 'gpt-4o-image',
			object: 'image.generation.task',
			progress: 0,
			status: 'pending',
			task_info: { can_cancel: true, estimated_time: task.estimatedTime },
			type: 'image',
			usage: { billing_rule: 'per_call', credits_reserved: task.reserved, user_group: 'default' },
		};
		if (elapsed >= task.durationMs) {
			settle(task);
			if (task.failure) {
				return { ...base, status: 'failed', progress: Math.min(99, Math.floor((pendingFor / task.durationMs) * 100) + 37), error: task.failure };
			}
			return {
				...base,
				status: 'completed',
				progress: 100,
				results: Array.from({ length: n }, (_, i) => `${baseUrl}/files/${task.id}/${i}.png`),
			};
		}
		if (elapsed < pendingFor) return base;
		return { ...base, status: 'processing', progress: Math.min(99, Math.floor((elapsed / task.durationMs) * 100)) };
	}

	/** Charges completed images and returns the reservation of failed ones, once. @param {TaskRecord} task */
	function settle(task) {
		if (task.settled) return;
		task.settled = true;
		if (task.failure) credits.remaining += task.reserved;
		else credits.used += task.reserved;
	}

	/** @param {any} body @returns {{ status: number, body: unknown } | undefined} */
	function validateCreate(body) {
		const bad = (/** @type {string} */ message, /** @type {string} */ param) => ({
			status: 400,
			body: envelope('invalid_parameter', message, 'invalid_request_error', param),
		});
		if (!body || typeof body !== 'object') return bad('Request body must be a JSON object', 'body');
		if (body.model !== 'gpt-4o-image') return bad(`Unsupported model: ${body.model}`, 'model');
		if (typeof body.prompt !== 'string' || !body.prompt.length) return bad('prompt is required', 'prompt');
		if (Array.from(body.prompt).length > 1000) return bad('prompt must be at most 1000 characters', 'prompt');
		if (body.size !== undefined && !SIZES.includes(body.size)) return bad(`size must be one of ${SIZES.join(', ')}`, 'size');
		if (body.n !== undefined && ![1, 2, 4].includes(body.n)) return bad('n must be 1, 2 or 4', 'n');
		if (body.image_urls !== undefined) {
			if (!Array.isArray(body.image_urls) || body.image_urls.length > 5) return bad('image_urls accepts at most 5 images', 'image_urls');
			if (!body.image_urls.every((/** @type {unknown} */ u) => typeof u === 'string' && isHttpUrl(u))) return bad('image_urls must be URLs', 'image_urls');
		}
		if (body.mask_url !== undefined) {
			if (typeof body.mask_url !== 'string' || !isHttpUrl(body.mask_url)) return bad('mask_url must be a URL', 'mask_url');
			if ((body.image_urls?.length ?? 0) > 1) return bad('mask_url cannot be used with more than one image', 'mask_url');
		}
		if (body.callback_url !== undefined) {
			let url;
			try {
				url = new URL(body.callback_url);
			} catch {
				return bad('callback_url must be a URL', 'callback_url');
			}
			if (url.protocol !== 'https:') return bad('callback_url must use HTTPS', 'callback_url');
			if (isPrivate(url.hostname)) return bad('callback_url must not point to an internal address', 'callback_url');
			if (body.callback_url.length > 2048) return bad('callback_url is too long', 'callback_url');
		}
		return undefined;
	}

	/** @param {any} body @param {string | undefined} key @returns {{ status: number, body: unknown, headers?: Record<string, string> }} */
	function createTask(body, key) {
		const invalid = validateCreate(body);
		if (invalid) return invalid;
		if (options.idempotency && key && idempotencyKeys.has(key)) {
			const existing = /** @type {TaskRecord} */ (tasks.get(/** @type {string} */ (idempotencyKeys.get(key))));
			return { status: 200, body: view(existing), headers: { 'idempotency-replayed': 'true' } };
		}
		const unfinished = [...tasks.values()].filter((t) => now() - t.createdAt < t.durationMs).length;
		if (unfinished >= options.maxConcurrentTasks) {
			return {
				status: 429,
				body: envelope('concurrency_limit_exceeded', 'Too many concurrent tasks for this key', 'rate_limit_error'),
				headers: { 'retry-after': '1' },
			};
		}
		const n = body.n ?? 1;
		const cost = n * options.creditsPerImage;
		if (credits.remaining < cost) {
			return {
				status: 402,
				body: envelope(
					'insufficient_quota',
					`Insufficient credits: this request needs ${cost} credits, ${credits.remaining} remaining. Top up at https://evolink.ai/dashboard.`,
					'insufficient_quota',
				),
			};
		}
		credits.remaining -= cost;
		const createdAt = now();
		const created = Math.floor(createdAt / 1000);
		const suffix = Array.from({ length: 8 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 36)]).join('');
		const id = `task-unified-${created}-${suffix}${(++taskCounter).toString(36)}`;
		const durationMs = durationFor(body, taskCounter - 1);
		const failCode = /\[fail:([a-z_]+)\]/.exec(body.prompt)?.[1];
		const estimated = /\[estimated:(\d+)\]/.exec(body.prompt)?.[1];
		/** @type {TaskRecord} */
		const task = {
			id,
			body,
			created,
			createdAt,
			durationMs,
			completesAt: createdAt + durationMs,
			estimatedTime: estimated ? Number(estimated) : options.estimatedTime ?? Math.max(1, Math.ceil(durationMs / 1000)),
			failure: failCode ? { code: failCode, message: FAILURE_MESSAGES[failCode] ?? `Task failed: ${failCode}` } : undefined,
			queryTimes: [],
			firstFinalSeenAt: undefined,
			reserved: cost,
			settled: false,
		};
		tasks.set(id, task);
		if (key) idempotencyKeys.set(key, id);
		return { status: 200, body: view(task) };
	}

	/** @param {string} id @returns {{ status: number, body: unknown }} */
	function queryTask(id) {
		if (!id.startsWith('task-unified-')) {
			return { status: 400, body: envelope('invalid_task_id', `Invalid task id: ${id}`, 'invalid_request_error', 'task_id') };
		}
		const task = tasks.get(id);
		if (!task) return { status: 404, body: envelope('task_not_found', `Task ${id} not found`, 'invalid_request_error') };
		const t = now();
		task.queryTimes.push(t);
		const shown = view(task);
		if ((shown.status === 'completed' || shown.status === 'failed') && task.firstFinalSeenAt === undefined) task.firstFinalSeenAt = t;
		return { status: 200, body: shown };
	}

	function creditsBody() {
		return {
			data: {
				token: { remaining_credits: credits.remaining, unlimited_credits: false, used_credits: credits.used },
				user: { remaining_credits: credits.remaining, used_credits: credits.used },
			},
			message: '',
			success: true,
		};
	}

	/** @param {Buffer} bytes @param {string | undefined} fileName @returns {{ status: number, body: unknown }} */
	function storeUpload(bytes, fileName) {
		const mimeType = sniffImageType(bytes);
		if (!mimeType) return { status: 200, body: { success: false, code: 400, msg: 'Unsupported file type', data: null } };
		const fileId = `file_${Math.floor(random() * 2 ** 48).toString(36)}${uploads.size}`;
		const name = (fileName || `upload.${mimeType.split('/')[1]}`).replace(/[^A-Za-z0-9._-]/g, '_');
		uploads.set(fileId, { bytes, mimeType, fileName: name });
		const fileUrl = `${baseUrl}/uploads/${fileId}/${name}`;
		return {
			status: 200,
			body: {
				success: true,
				code: 200,
				msg: 'File uploaded successfully',
				data: {
					file_id: fileId,
					file_url: fileUrl,
					download_url: fileUrl,
					mime_type: mimeType,
					file_size: bytes.length,
					expires_at: new Date(Date.now() + 72 * 3600 * 1000).toISOString(),
				},
			},
		};
	}

	/** @param {number} size */
	function pngOfSize(size) {
		let png = pngCache.get(size);
		if (!png) {
			const side = Math.max(8, Math.round(Math.sqrt(size / 3)));
			png = makePng({ width: side, height: side, noise: true });
			pngCache.set(size, png);
		}
		return png;
	}

	/** A valid PNG start padded to `oversizedBytes`, streamed. @param {string} taskId @param {http.ServerResponse} res */
	function streamOversized(taskId, res) {
		const head = makePng({ rgb: colourFor(taskId) });
		const total = options.oversizedBytes;
		res.writeHead(200, { 'content-type': 'image/png', 'content-length': total });
		res.write(head);
		let left = total - head.length;
		const block = Buffer.alloc(64 * 1024);
		const pump = () => {
			while (left > 0) {
				const piece = left >= block.length ? block : block.subarray(0, left);
				left -= piece.length;
				if (!res.write(piece)) {
					res.once('drain', pump);
					return;
				}
			}
			res.end();
		};
		pump();
	}

	/** @param {string} taskId @param {number} index @param {http.ServerResponse} res */
	function serveResult(taskId, index, res) {
		const task = tasks.get(taskId);
		if (!task || index >= (task.body.n ?? 1) || now() < task.completesAt || task.failure) {
			return sendJson(res, 404, envelope('file_not_found', 'File not found', 'invalid_request_error'));
		}
		if (options.resultMode === 'not-image') {
			const html = Buffer.from('<html><body>Access denied</body></html>');
			res.writeHead(200, { 'content-type': 'text/html', 'content-length': html.length });
			return res.end(html);
		}
		if (options.resultMode === 'oversized') {
			streamOversized(taskId, res);
			return;
		}
		const png = options.resultImageBytes
			? pngOfSize(options.resultImageBytes)
			: makePng({ rgb: colourFor(`${taskId}/${index}`) });
		res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
		res.end(png);
	}

	/** @param {string} method @param {string} path */
	function takeFault(method, path) {
		for (const fault of faults) {
			if (fault.remaining <= 0) continue;
			if (fault.method && fault.method !== method) continue;
			if (fault.path !== undefined) {
				const matches = typeof fault.path === 'string' ? path.startsWith(fault.path) : fault.path.test(path);
				if (!matches) continue;
			}
			if ((fault.probability ?? 1) < 1 && random() >= /** @type {number} */ (fault.probability)) continue;
			fault.remaining -= 1;
			return fault;
		}
		return undefined;
	}

	/** @param {http.IncomingMessage} req */
	async function readBody(req) {
		const chunks = [];
		for await (const piece of req) chunks.push(piece);
		return Buffer.concat(chunks);
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async function handle(req, res) {
		const url = new URL(req.url ?? '/', baseUrl);
		const method = req.method ?? 'GET';
		const path = url.pathname;
		const kind = method === 'POST' && path === '/v1/images/generations' ? 'create' : path.startsWith('/v1/tasks/') ? 'query' : 'other';
		const headers = { ...req.headers };
		const authorized = headers.authorization === `Bearer ${options.apiKey}`;
		delete headers.authorization;
		const entry = {
			seq: ++seq,
			method,
			path,
			query: Object.fromEntries(url.searchParams),
			status: /** @type {number | null} */ (null),
			authorized,
			body: /** @type {unknown} */ (null),
			headers,
			taskId: /** @type {string | undefined} */ (undefined),
			fault: /** @type {string | undefined} */ (undefined),
			startedAt: now(),
			endedAt: /** @type {number | undefined} */ (undefined),
		};
		requests.push(entry);
		inFlight.total += 1;
		if (kind !== 'other') inFlight[kind] += 1;
		for (const key of /** @type {const} */ (['create', 'query', 'total'])) peak[key] = Math.max(peak[key], inFlight[key]);
		const finish = () => {
			inFlight.total -= 1;
			if (kind !== 'other') inFlight[kind] -= 1;
			entry.endedAt = now();
		};
		res.on('close', finish);

		const raw = await readBody(req);
		const contentType = String(req.headers['content-type'] ?? '');
		if (contentType.includes('application/json') && raw.length) {
			try {
				entry.body = JSON.parse(raw.toString('utf8'));
			} catch {
				entry.body = raw.toString('utf8');
			}
		}
		/** @type {{ fields: Record<string, string>, files: Record<string, { fileName?: string, contentType?: string, bytes: Buffer }> } | undefined} */
		let multipart;
		if (contentType.startsWith('multipart/form-data')) {
			multipart = parseMultipart(raw, contentType);
			const file = multipart?.files.file;
			entry.body = { fields: multipart?.fields ?? {}, fileSize: file?.bytes.length, fileName: file?.fileName, mimeType: file?.contentType };
		}

		/** @param {{ status: number, body: unknown, headers?: Record<string, string> }} answer */
		const reply = (answer) => {
			entry.status = answer.status;
			sendJson(res, answer.status, answer.body, answer.headers);
		};

		// Public files: no key needed, never faulted.
		const fileMatch = /^\/files\/([^/]+)\/(\d+)\.png$/.exec(path);
		if (method === 'GET' && fileMatch) {
			entry.status = 200;
			return serveResult(fileMatch[1], Number(fileMatch[2]), res);
		}
		const uploadMatch = /^\/uploads\/([^/]+)\/[^/]+$/.exec(path);
		if (method === 'GET' && uploadMatch) {
			const stored = uploads.get(uploadMatch[1]);
			if (!stored) return reply({ status: 404, body: envelope('file_not_found', 'File not found', 'invalid_request_error') });
			entry.status = 200;
			res.writeHead(200, { 'content-type': stored.mimeType, 'content-length': stored.bytes.length });
			return res.end(stored.bytes);
		}

		const fault = takeFault(method, path);
		if (fault) entry.fault = fault.drop ? `drop:${fault.drop}` : fault.status !== undefined ? `status:${fault.status}` : 'delay';
		if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
		if (fault?.drop === 'before') return req.socket.destroy();
		if (fault && fault.status !== undefined && !fault.afterProcessing) {
			const status = fault.status;
			const body =
				fault.body ??
				(status === 429
					? envelope('rate_limit_exceeded', 'Rate limit reached for requests', 'rate_limit_error')
					: envelope('upstream_error', `Simulated failure ${status}`, 'server_error'));
			return reply({ status, body, headers: fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {} });
		}

		// Rate limit over all authenticated routes.
		const t = now();
		while (recent.length && recent[0] <= t - 1000) recent.shift();
		if (recent.length >= options.maxRequestsPerSecond) {
			return reply({
				status: 429,
				body: envelope('rate_limit_exceeded', 'Rate limit reached for requests', 'rate_limit_error'),
				headers: { 'retry-after': '1' },
			});
		}
		recent.push(t);

		if (!authorized) {
			return reply({
				status: 401,
				body: envelope('invalid_api_key', 'Invalid API key. Check the key in your Evolink dashboard.', 'authentication_error'),
			});
		}

		/** @type {{ status: number, body: unknown, headers?: Record<string, string> }} */
		let answer;
		if (kind === 'create') {
			const key = req.headers['idempotency-key'];
			answer = createTask(entry.body, typeof key === 'string' ? key : undefined);
			entry.taskId = /** @type {any} */ (answer.body)?.id;
		} else if (kind === 'query' && method === 'GET') {
			entry.taskId = decodeURIComponent(path.slice('/v1/tasks/'.length));
			answer = queryTask(entry.taskId);
		} else if (method === 'GET' && path === '/v1/credits') {
			answer = { status: 200, body: creditsBody() };
		} else if (method === 'POST' && path === '/api/v1/files/upload/stream') {
			const file = multipart?.files.file;
			answer = file
				? storeUpload(file.bytes, multipart?.fields.file_name ?? file.fileName)
				: { status: 400, body: { success: false, code: 400, msg: 'file is required', data: null } };
		} else if (method === 'POST' && path === '/api/v1/files/upload/base64') {
			const data = /** @type {any} */ (entry.body)?.base64_data;
			const match = typeof data === 'string' ? /^data:[^;]+;base64,(.*)$/s.exec(data) : null;
			answer = match
				? storeUpload(Buffer.from(match[1], 'base64'), undefined)
				: { status: 400, body: { success: false, code: 400, msg: 'base64_data must be a data URL', data: null } };
		} else {
			answer = { status: 404, body: envelope('not_found', `No route for ${method} ${path}`, 'invalid_request_error') };
		}

		if (fault?.drop === 'after') return req.socket.destroy();
		if (fault && fault.status !== undefined && fault.afterProcessing) {
			return reply({ status: fault.status, body: envelope('upstream_error', `Simulated failure ${fault.status}`, 'server_error') });
		}
		reply(answer);
	}

	return {
		baseUrl,
		filesBaseUrl: baseUrl,
		requests,
		tasks,
		uploads,
		/** @param {string} method @param {string | RegExp} path */
		count(method, path) {
			return requests.filter(
				(r) => (!method || r.method === method) && (typeof path === 'string' ? r.path.startsWith(path) : path.test(r.path)),
			).length;
		},
		/** @param {Fault} fault */
		inject(fault) {
			faults.push({ ...fault, remaining: fault.times ?? 1 });
		},
		/** @param {Partial<SimulatorOptions>} changes */
		configure(changes) {
			Object.assign(options, changes);
			if (changes.credits !== undefined) credits = { remaining: changes.credits, used: credits.used };
		},
		stats() {
			return { maxConcurrentRequests: { ...peak } };
		},
		reset() {
			requests.length = 0;
			tasks.clear();
			uploads.clear();
			idempotencyKeys.clear();
			faults = [];
			recent.length = 0;
			peak.create = peak.query = peak.total = 0;
			random = rng(options.seed);
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server.close(() => resolve(undefined)));
		},
	};
}

module.exports = { startSimulator, FAILURE_MESSAGES };
