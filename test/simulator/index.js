// @ts-check
/**
 * An Evolink API simulator: a real HTTP server on 127.0.0.1 that behaves like the documented API
 * (docs/evolink-api.md): task creation, task query, credits, file upload, result downloads.
 *
 * - Tasks go pending → processing (rising progress) → completed (result PNGs) or failed, by wall
 *   clock since create; credits are reserved on create, charged per image on completion and
 *   returned on failure.
 * - How progress moves, how long a task queues and how wrong its estimate is are choices, not
 *   facts (the docs promise none of them): option `progress` (straight | jumps | fast-slow |
 *   slow-fast | stall | none, see ./progress.js), `queueMs` (pending this long before processing)
 *   and `estimateFactor` (estimated_time × F), or per task by prompt directive (below).
 * - Errors use the envelope {"error":{"code","message","type"[,"param"]}} with 400/401/402/404/429.
 * - Faults on demand (sim.inject): any status with or without processing the request first,
 *   connections reset before or after processing, slow answers.
 * - Every request is logged; the Authorization header never is (only `authorized: true|false`).
 * - Callbacks: a task created with `callback_url` is POSTed there when it ends, as Evolink
 *   documents (docs/evolink-api.md §4): the task object (or Evolink's trimmed example shape), a
 *   2xx within 10 s counts, otherwise up to 3 retries after 1, 2 and 4 s. `callbackRewrite`
 *   sends a public https URL to a local address instead (the node keeps refusing local ones).
 *   Every delivery attempt is logged in `callbacks`.
 *
 * Prompt directives, for deterministic outcomes from any process (e.g. a separate n8n):
 *   [fail:CODE]      the task ends `failed` with error {code: CODE, message: <vendor-like message>}
 *   [duration:MS]    the task takes MS milliseconds (before timeScale)
 *   [estimated:S]    the task reports S seconds as task_info.estimated_time
 *   [images:K]       the task completes with only K of its n images (charged for K)
 *   [progress:NAME]  how its progress moves: straight, jumps, fast-slow, slow-fast, stall, none
 *   [queue:MS]       it stays `pending` MS ms (before timeScale) before processing, within its duration
 *   [estimate-factor:F]  its estimated_time is F × the estimate it would report (F = 3: 3× too long)
 *
 * Times (task createdAt/completesAt/queryTimes/firstFinalSeenAt, log startedAt/endedAt) are
 * milliseconds since the Unix epoch with sub-millisecond precision:
 * performance.timeOrigin + performance.now(), comparable with Date.now().
 */
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const { Readable, pipeline } = require('node:stream');

const { makePng, pngOfAbout, oversizedPng, colourFor, sniffImageType } = require('./png');
const { isCurve, makeProgressPlan, progressAt, rng } = require('./progress');
const { parseMultipart } = require('./multipart');
const { MODEL, FAILURE_MESSAGES, envelope, statusEnvelope, failureMessage, validateCreate } = require('./validate');

/**
 * @typedef {number | [number, number] | ((body: any, taskIndex: number) => number)} DurationOption
 * A fixed duration in ms, a [min, max] range (uniform, seeded), or a function of the create body
 * and the 0-based index of the task since start/reset.
 */

/**
 * @typedef {object} SimulatorOptions
 * @property {string} [apiKey] the only accepted Bearer key (default 'sk-evo-test-key')
 * @property {number} [credits] starting remaining credits of the user (default 1000)
 * @property {number} [creditsPerImage] credits_reserved = n × this (default 2.5)
 * @property {DurationOption} [durationMs] task duration before timeScale (default 800)
 * @property {number} [estimatedTime] seconds in task_info.estimated_time (default ceil(duration/1000))
 * @property {number} [timeScale] multiplies every task duration, directives included (default 1)
 * @property {import('./progress').ProgressCurve} [progress] how progress moves (default 'straight'; see ./progress.js)
 * @property {number | [number, number]} [queueMs] time in `pending` before processing, fixed or a seeded
 *   [min, max] range, before timeScale and within the task's duration (default: none, min(10 %, 1 s) pending)
 * @property {number} [estimateFactor] multiplies the reported estimated_time, directives included (default 1)
 * @property {number} [seed] seeds the RNGs of duration jitter, random faults and ids (default 42)
 * @property {boolean} [idempotency] honour the Idempotency-Key header on create (default false)
 * @property {number} [maxConcurrentTasks] unfinished tasks allowed before create answers 429 (default Infinity)
 * @property {number} [maxRequestsPerSecond] admitted requests per sliding second, all routes (default Infinity)
 * @property {'png' | 'oversized' | 'oversized-undeclared' | 'not-image'} [resultMode] what result URLs serve
 *   (default 'png'): 'oversized' a valid PNG of oversizedBytes with Content-Length, 'oversized-undeclared'
 *   the same streamed chunked without Content-Length, 'not-image' an HTML page as text/html
 * @property {number} [oversizedBytes] size of the 'oversized' result PNGs (default 60 MiB)
 * @property {number} [resultImageBytes] when set, result PNGs are about this many bytes
 * @property {number} [resultMediaBytes] size of video and audio results (default 64 KiB), streamed
 * @property {number} [port] port on 127.0.0.1 (default 0: a free one); only read at start
 * @property {boolean} [callbacks] POST tasks to their callback_url when they end (default true)
 * @property {{ from: string, to: string }} [callbackRewrite] deliver callbacks for URLs starting with
 *   `from` to `to` + the rest (e.g. https://hooks.example.com → http://127.0.0.1:5678)
 * @property {'full' | 'trimmed'} [callbackBody] the task object as GET shows it (default), or
 *   Evolink's trimmed example {id, status, model, results[, error]}
 * @property {number} [callbackTimeoutMs] how long a delivery waits for a 2xx (default 10000)
 * @property {number[]} [callbackRetryDelaysMs] waits before each retry (default [1000, 2000, 4000])
 */

/**
 * @typedef {object} CallbackAttempt
 * @property {string} taskId
 * @property {string} url the callback_url of the task
 * @property {string} target where it was sent (after callbackRewrite)
 * @property {number} attempt 0 for the first delivery, 1–3 for retries
 * @property {number} taskEndedAt epoch ms when the task ended (its completesAt)
 * @property {number} startedAt epoch ms
 * @property {number | undefined} endedAt epoch ms
 * @property {number | null} status the receiver's HTTP status; null on a timeout or a failed connection
 * @property {string | undefined} error
 */

/**
 * @typedef {object} Fault
 * @property {string} [method] 'GET' | 'POST' | …; any method when absent
 * @property {string | RegExp} [path] path prefix or pattern (query string excluded); any path when absent
 * @property {number} [times] how many requests it hits (default 1; Infinity for all)
 * @property {number} [probability] chance to hit a matching request, seeded RNG (default 1)
 * @property {number} [status] answer with this status
 * @property {number} [retryAfter] seconds, sent as Retry-After
 * @property {unknown} [body] JSON body instead of the default envelope for `status` (status 200 when no status);
 *   a function receives the JSON the request would have got (after processing it) and returns the body to send
 * @property {string} [text] a non-JSON body instead (status 200 when no status), e.g. a proxy's HTML page
 * @property {string} [contentType] of `text` (default 'text/html; charset=utf-8')
 * @property {'before' | 'after'} [drop] reset the connection before or after processing
 * @property {boolean} [afterProcessing] with `status`: process the request first, then answer with the fault
 * @property {number} [delayMs] hold the answer (or the reset) this long; processing is not delayed
 */

/**
 * @typedef {object} TaskRecord
 * @property {string} id
 * @property {number} index 0-based creation index since start/reset
 * @property {number} created unix seconds, as in the task object
 * @property {number} createdAt epoch ms
 * @property {number} durationMs after timeScale
 * @property {number} pendingMs how long it reports `pending`: min(10 % of durationMs, 1000), or its queue
 * @property {import('./progress').ProgressPlan} progressPlan how its progress moves
 * @property {number} completesAt createdAt + durationMs
 * @property {number} estimatedTime seconds
 * @property {any} body the create body
 * @property {number} n
 * @property {'completed' | 'failed'} outcome planned final status
 * @property {{ code: string, message: string } | undefined} error set when outcome is 'failed'
 * @property {number} images images produced when completed
 * @property {number} reserved credits reserved at create
 * @property {number} charged credits charged at settlement (0 until then, and for failed tasks)
 * @property {boolean} settled billing settled (at or after completesAt, on the next request)
 * @property {number[]} queryTimes times of every GET /v1/tasks/:id for it
 * @property {number | undefined} firstFinalSeenAt first time a query returned completed/failed
 * @property {number | undefined} firstCompletedSeenAt same as firstFinalSeenAt (alias)
 * @property {number} lastProgress the progress last shown for it (a failed task keeps it)
 * @property {number[]} downloadTimes times its result files were served
 * @property {string | undefined} idempotencyKey
 * @property {'image' | 'video' | 'audio'} kind the create endpoint's output kind
 */

/**
 * @typedef {object} UploadRecord
 * @property {string} fileId
 * @property {Buffer} bytes
 * @property {string} mimeType detected from magic bytes
 * @property {string} fileName
 * @property {string | undefined} uploadPath
 * @property {'stream' | 'base64'} via
 * @property {number} uploadedAt epoch ms
 * @property {string} expiresAt ISO time, +72 h
 */

/**
 * @typedef {object} LogEntry
 * @property {number} seq 1-based since start/reset
 * @property {string} method
 * @property {string} path pathname, without query string
 * @property {Record<string, string>} query
 * @property {'create' | 'query' | 'credits' | 'upload' | 'result' | 'download' | 'other'} kind
 * @property {number | null} status null when the connection was dropped or no answer was sent
 * @property {boolean} authorized whether the request carried the right Bearer key
 * @property {unknown} body parsed JSON; for multipart {fields, fileSize, fileName, mimeType}; raw text if unparsable; null when empty
 * @property {Record<string, string | string[] | undefined>} headers lower-cased; authorization removed, key-bearing values redacted
 * @property {string | undefined} taskId for create (the task created or replayed) and query
 * @property {string | undefined} fault e.g. 'status:503', 'status:502:afterProcessing', 'drop:after', 'delay:80' (comma-joined)
 * @property {'new' | 'replayed' | 'ignored-invalid' | undefined} idempotency what happened to an Idempotency-Key (when enabled)
 * @property {string | undefined} error handler error (e.g. the client aborted the upload)
 * @property {number} startedAt epoch ms, when the request arrived
 * @property {number | undefined} endedAt epoch ms, when the response ended or the connection closed
 */

/**
 * @typedef {object} Answer
 * @property {number} status
 * @property {Record<string, string | number>} [headers]
 * @property {unknown} [json]
 * @property {Buffer} [bytes]
 * @property {{ length: number, parts: () => Iterable<Buffer> }} [stream]
 * @property {boolean} [declareLength] for `stream`: send Content-Length (default) or stream chunked without it
 */

/** The create endpoints, one per output kind. @type {Record<string, 'image' | 'video' | 'audio'>} */
const CREATE_PATHS = { '/v1/images/generations': 'image', '/v1/videos/generations': 'video', '/v1/audios/generations': 'audio' };
/** What a result file of each kind is served as. */
const RESULT_FILES = {
	image: { extension: 'png', type: 'image/png' },
	video: { extension: 'mp4', type: 'video/mp4' },
	audio: { extension: 'mp3', type: 'audio/mpeg' },
};

/** Milliseconds since the epoch, finer than Date.now(). */
const now = () => performance.timeOrigin + performance.now();

/** @param {number} x credits rounded to 1/100, as the API shows them */
const round2 = (x) => Math.round(x * 100) / 100;

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._-]{16,96}$/;
const FILES_ENVELOPE_UNSUPPORTED = { success: false, code: 400, msg: 'Unsupported file type', data: null };

/** @type {Required<Omit<SimulatorOptions, 'estimatedTime' | 'resultImageBytes' | 'resultMediaBytes' | 'queueMs' | 'callbackRewrite'>> & SimulatorOptions} */
const DEFAULTS = {
	apiKey: 'sk-evo-test-key',
	credits: 1000,
	creditsPerImage: 2.5,
	durationMs: 800,
	timeScale: 1,
	progress: 'straight',
	estimateFactor: 1,
	seed: 42,
	idempotency: false,
	maxConcurrentTasks: Infinity,
	maxRequestsPerSecond: Infinity,
	resultMode: 'png',
	oversizedBytes: 60 * 2 ** 20,
	port: 0,
	callbacks: true,
	callbackRewrite: undefined,
	callbackBody: 'full',
	callbackTimeoutMs: 10_000,
	callbackRetryDelaysMs: [1000, 2000, 4000],
};

/**
 * Starts a simulator on 127.0.0.1.
 * @param {SimulatorOptions} [initial]
 */
async function startSimulator(initial = {}) {
	const options = { ...DEFAULTS };
	for (const [key, value] of Object.entries(initial)) if (value !== undefined) Object.assign(options, { [key]: value });

	let jitterRandom = rng(options.seed);
	let faultRandom = rng(options.seed ^ 0x5bd1e995);
	let idRandom = rng(options.seed ^ 0x27d4eb2d);
	let credits = { remaining: options.credits, used: 0 };
	/** @type {Map<string, TaskRecord>} */
	const tasks = new Map();
	/** @type {Set<TaskRecord>} tasks whose billing is not settled yet, i.e. unfinished ones */
	const unsettled = new Set();
	/** @type {Map<string, UploadRecord>} */
	const uploads = new Map();
	/** @type {Map<string, string>} idempotency key → task id */
	const idempotencyKeys = new Map();
	/** @type {(Fault & { remaining: number })[]} */
	let faults = [];
	/** @type {LogEntry[]} */
	const requests = [];
	/** @type {CallbackAttempt[]} */
	const callbacks = [];
	/** @type {Set<NodeJS.Timeout>} */
	const callbackTimers = new Set();
	/** @type {Set<AbortController>} */
	const callbackAborts = new Set();
	/** @type {number[]} arrival times of admitted requests in the last second */
	const recent = [];
	const inFlight = { create: 0, query: 0, total: 0 };
	const peak = { create: 0, query: 0, total: 0 };
	let faultsHit = 0;
	/** @type {Map<number, Buffer>} result PNGs by resultImageBytes */
	const sizedPngs = new Map();
	let seq = 0;
	let taskIndex = 0;
	let closed = false;
	/** @type {Set<{ timer: NodeJS.Timeout, resolve: () => void }>} */
	const sleepers = new Set();
	/** @type {Set<import('node:net').Socket>} */
	const sockets = new Set();

	const server = http.createServer((req, res) => {
		handle(req, res).catch((/** @type {unknown} */ error) => {
			if (!res.headersSent && !res.destroyed) sendJson(res, 500, statusEnvelope(500));
			else res.destroy();
			void error;
		});
	});
	server.keepAliveTimeout = 5000;
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('clientError', (_error, socket) => {
		if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
		else socket.destroy();
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve(undefined);
		});
	});
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	const baseUrl = `http://127.0.0.1:${address.port}`;
	const filesBaseUrl = baseUrl;

	/** @param {number} ms */
	function sleep(ms) {
		if (!(ms > 0) || closed) return Promise.resolve();
		return new Promise((resolve) => {
			const sleeper = {
				timer: setTimeout(() => {
					sleepers.delete(sleeper);
					resolve(undefined);
				}, ms),
				resolve: () => resolve(undefined),
			};
			sleepers.add(sleeper);
		});
	}

	/** @param {number} length @param {() => number} random */
	function randomAlnum(length, random) {
		let out = '';
		for (let i = 0; i < length; i++) out += ALNUM[Math.floor(random() * ALNUM.length)];
		return out;
	}

	/** @param {http.ServerResponse} res @param {number} status @param {unknown} body @param {Record<string, string | number>} [headers] */
	function sendJson(res, status, body, headers = {}) {
		const text = JSON.stringify(body);
		res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
		res.end(text);
	}

	// ── tasks ────────────────────────────────────────────────────────────────────────────────

	/** @param {any} body @param {number} index @returns {number} ms after timeScale */
	function durationFor(body, index) {
		const explicit = /\[duration:(\d+(?:\.\d+)?)\]/.exec(String(body?.prompt ?? ''));
		let ms;
		const option = options.durationMs;
		if (explicit) ms = Number(explicit[1]);
		else if (typeof option === 'function') ms = Number(option(body, index));
		else if (Array.isArray(option)) ms = option[0] + jitterRandom() * (option[1] - option[0]);
		else ms = Number(option);
		if (!Number.isFinite(ms)) ms = 800;
		return Math.max(0, ms * options.timeScale);
	}

	/**
	 * The task's queue time in ms after timeScale, or undefined when it does not queue. A [min, max]
	 * range is drawn from an RNG of its own per task, so queueing leaves the durations' draws alone.
	 * @param {string} prompt @param {number} index @returns {number | undefined}
	 */
	function queueFor(prompt, index) {
		const explicit = /\[queue:(\d+(?:\.\d+)?)\]/.exec(prompt)?.[1];
		const option = options.queueMs;
		let ms;
		if (explicit !== undefined) ms = Number(explicit);
		else if (Array.isArray(option)) ms = option[0] + rng((options.seed ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0)() * (option[1] - option[0]);
		else if (typeof option === 'number') ms = option;
		if (ms === undefined || !(ms > 0)) return undefined;
		return ms * options.timeScale;
	}

	/** Charges or refunds a task once it is due. @param {TaskRecord} task @param {number} t */
	function settle(task, t) {
		if (task.settled || t < task.completesAt) return;
		task.settled = true;
		unsettled.delete(task);
		if (task.outcome === 'failed') {
			credits.remaining = round2(credits.remaining + task.reserved);
		} else {
			task.charged = round2(task.images * options.creditsPerImage);
			credits.used = round2(credits.used + task.charged);
			credits.remaining = round2(credits.remaining + task.reserved - task.charged);
		}
	}

	/** Suno-like track metadata of an audio task. @param {TaskRecord} task */
	function tracksOf(task) {
		return Array.from({ length: task.images }, (_, i) => ({
			result_id: `${task.id}-track-${i + 1}`,
			title: String(task.body?.title || `Track ${i + 1}`),
			tags: String(task.body?.style ?? ''),
			duration: 30 + i,
			audio_url: `${filesBaseUrl}/files/${task.id}/${i}.mp3`,
			image_url: `${filesBaseUrl}/files/${task.id}/${i}.png`,
		}));
	}

	/** @param {number} t */
	function settleDue(t) {
		for (const task of unsettled) settle(task, t);
	}

	/**
	 * The task object as the API shows it at time t.
	 * @param {TaskRecord} task @param {number} t
	 * @returns {Record<string, unknown> & { status: string, progress: number }}
	 */
	function view(task, t) {
		const base = baseView(task);
		const elapsed = t - task.createdAt;
		if (elapsed >= task.durationMs) {
			settle(task, t);
			if (task.outcome === 'failed') return { ...base, status: 'failed', progress: task.lastProgress, error: { ...task.error } };
			return {
				...base,
				status: 'completed',
				progress: 100,
				results: Array.from({ length: task.images }, (_, i) => `${filesBaseUrl}/files/${task.id}/${i}.${RESULT_FILES[task.kind].extension}`),
				...(task.kind === 'audio' ? { result_data: tracksOf(task) } : {}),
			};
		}
		const shown = progressAt(task.progressPlan, elapsed);
		if (shown.status === 'pending') return base;
		return { ...base, status: 'processing', progress: shown.progress };
	}

	/**
	 * The documented create answer: status pending, progress 0.
	 * @param {TaskRecord} task
	 * @returns {Record<string, unknown> & { status: string, progress: number }}
	 */
	function baseView(task) {
		return {
			created: task.created,
			id: task.id,
			model: String(task.body?.model ?? MODEL),
			object: `${task.kind}.generation.task`,
			progress: 0,
			status: 'pending',
			task_info: { can_cancel: true, estimated_time: task.estimatedTime },
			type: task.kind,
			usage: { billing_rule: 'per_call', credits_reserved: task.reserved, user_group: 'default' },
		};
	}

	/** @param {any} body @param {string | undefined} key @param {number} t @param {'image' | 'video' | 'audio'} [kind] @returns {TaskRecord} */
	function newTask(body, key, t, kind = 'image') {
		const n = body.n ?? 1;
		const prompt = String(body.prompt);
		const index = taskIndex++;
		const durationMs = durationFor(body, index);
		const failCode = /\[fail:([A-Za-z0-9_.:-]+)\]/.exec(prompt)?.[1];
		const estimated = /\[estimated:(\d+(?:\.\d+)?)\]/.exec(prompt)?.[1];
		const imagesDirective = /\[images:(\d+)\]/.exec(prompt)?.[1];
		const curveDirective = /\[progress:([a-z-]+)\]/.exec(prompt)?.[1];
		const curve = isCurve(curveDirective) ? curveDirective : isCurve(options.progress) ? options.progress : 'straight';
		const queueMs = queueFor(prompt, index);
		const factorDirective = /\[estimate-factor:(\d+(?:\.\d+)?)\]/.exec(prompt)?.[1];
		const factor = factorDirective !== undefined ? Number(factorDirective) : options.estimateFactor ?? 1;
		const baseEstimate = estimated !== undefined ? Number(estimated) : options.estimatedTime ?? Math.max(1, Math.ceil(durationMs / 1000));
		const progressPlan = makeProgressPlan({ curve, durationMs, queueMs, seed: options.seed, index });
		const created = Math.floor(t / 1000);
		let id;
		do id = `task-unified-${created}-${randomAlnum(8, idRandom)}`;
		while (tasks.has(id));
		/** @type {TaskRecord} */
		const task = {
			id,
			index,
			created,
			createdAt: t,
			durationMs,
			pendingMs: progressPlan.pendingMs,
			progressPlan,
			completesAt: t + durationMs,
			estimatedTime: factor === 1 ? baseEstimate : Math.max(1, Math.round(baseEstimate * factor)),
			body,
			n,
			outcome: failCode ? 'failed' : 'completed',
			error: failCode ? { code: failCode, message: failureMessage(failCode) } : undefined,
			images: imagesDirective !== undefined ? Math.min(n, Math.max(1, Number(imagesDirective))) : n,
			reserved: round2(n * options.creditsPerImage),
			charged: 0,
			settled: false,
			queryTimes: [],
			firstFinalSeenAt: undefined,
			firstCompletedSeenAt: undefined,
			lastProgress: 0,
			downloadTimes: [],
			idempotencyKey: key,
			kind,
		};
		credits.remaining = round2(credits.remaining - task.reserved);
		tasks.set(id, task);
		unsettled.add(task);
		if (key) idempotencyKeys.set(key, id);
		// setTimeout drops fractions of a millisecond: wait the next whole one, so the task has ended.
		if (options.callbacks && typeof body.callback_url === 'string') scheduleCallback(task, 0, Math.ceil(task.durationMs) + 1);
		return task;
	}

	/**
	 * POST /v1/{images,videos,audios}/generations after auth.
	 * @param {LogEntry} entry @param {{ value: unknown, error?: string }} parsed @param {string | string[] | undefined} keyHeader @param {number} t
	 * @param {'image' | 'video' | 'audio'} [kind]
	 * @returns {Answer}
	 */
	function createTask(entry, parsed, keyHeader, t, kind = 'image') {
		if (parsed.error) return { status: 400, json: envelope('invalid_json', `Request body is not valid JSON: ${parsed.error}`, 'invalid_request_error') };
		const invalid = validateCreate(parsed.value, kind);
		if (invalid) return { status: 400, json: invalid };
		const body = /** @type {any} */ (parsed.value);
		let key;
		if (options.idempotency && keyHeader !== undefined) {
			const value = Array.isArray(keyHeader) ? keyHeader[0] : keyHeader;
			if (IDEMPOTENCY_KEY.test(value)) {
				key = value;
				const existing = tasks.get(idempotencyKeys.get(value) ?? '');
				if (existing) {
					entry.idempotency = 'replayed';
					entry.taskId = existing.id;
					return { status: 200, json: view(existing, t), headers: { 'idempotency-replayed': 'true' } };
				}
				entry.idempotency = 'new';
			} else {
				entry.idempotency = 'ignored-invalid';
			}
		}
		const cost = round2((body.n ?? 1) * options.creditsPerImage);
		if (credits.remaining < cost) {
			return {
				status: 402,
				json: envelope(
					'insufficient_quota',
					`Insufficient credits: this request needs ${cost} credits, ${credits.remaining} remaining. Top up at https://evolink.ai/dashboard.`,
					'insufficient_quota',
				),
			};
		}
		if (unsettled.size >= options.maxConcurrentTasks) {
			const soonest = Math.min(...[...unsettled].map((task) => task.completesAt));
			const wait = Math.max(1, Math.ceil((soonest - t) / 1000));
			return {
				status: 429,
				json: envelope(
					'concurrency_limit_exceeded',
					`Too many unfinished tasks for this key (limit ${options.maxConcurrentTasks}). Retry after ${wait} s.`,
					'rate_limit_error',
				),
				headers: { 'retry-after': String(wait) },
			};
		}
		const task = newTask(body, key, t, kind);
		entry.taskId = task.id;
		// The create answer is always the documented pending shape.
		if (task.durationMs === 0) settle(task, t);
		return { status: 200, json: baseView(task) };
	}

	/** GET /v1/tasks/:id after auth. @param {LogEntry} entry @param {string} rawId @param {number} t @returns {Answer} */
	function queryTask(entry, rawId, t) {
		let id;
		try {
			id = decodeURIComponent(rawId);
		} catch {
			id = rawId;
		}
		entry.taskId = id;
		if (!id.startsWith('task-unified-')) {
			return {
				status: 400,
				json: envelope('invalid_task_id', `Invalid task id "${id}": task ids start with "task-unified-".`, 'invalid_request_error', 'task_id'),
			};
		}
		const task = tasks.get(id);
		if (!task) return { status: 404, json: envelope('task_not_found', `Task ${id} not found`, 'invalid_request_error') };
		task.queryTimes.push(t);
		const shown = view(task, t);
		task.lastProgress = shown.progress;
		if ((shown.status === 'completed' || shown.status === 'failed') && task.firstFinalSeenAt === undefined) {
			task.firstFinalSeenAt = t;
			task.firstCompletedSeenAt = t;
		}
		return { status: 200, json: shown };
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

	// ── callbacks ────────────────────────────────────────────────────────────────────────────

	/** @param {TaskRecord} task @param {number} attempt @param {number} delayMs */
	function scheduleCallback(task, attempt, delayMs) {
		const timer = setTimeout(() => {
			callbackTimers.delete(timer);
			void deliverCallback(task, attempt);
		}, Math.max(0, delayMs));
		callbackTimers.add(timer);
	}

	/** @param {string} url */
	function callbackTarget(url) {
		const rewrite = options.callbackRewrite;
		if (rewrite && url.startsWith(rewrite.from)) return rewrite.to + url.slice(rewrite.from.length);
		return url;
	}

	/** The body Evolink posts: the task as GET shows it, or its trimmed example. @param {TaskRecord} task @param {number} t */
	function callbackBody(task, t) {
		const full = view(task, t);
		if (options.callbackBody !== 'trimmed') return full;
		/** @type {Record<string, unknown>} */
		const trimmed = { id: full.id, status: full.status, model: full.model };
		if (full.results) trimmed.results = full.results;
		if (full.error) trimmed.error = full.error;
		return trimmed;
	}

	/** @param {TaskRecord} task @param {number} attempt */
	async function deliverCallback(task, attempt) {
		if (closed || tasks.get(task.id) !== task) return;
		const url = String(task.body.callback_url);
		const target = callbackTarget(url);
		// Never before the task's end (a hair after it, against rounding in createdAt + durationMs).
		const t = Math.max(now(), task.completesAt + 0.01);
		settle(task, t);
		/** @type {CallbackAttempt} */
		const record = { taskId: task.id, url, target, attempt, taskEndedAt: task.completesAt, startedAt: t, endedAt: undefined, status: null, error: undefined };
		callbacks.push(record);
		const abort = new AbortController();
		callbackAborts.add(abort);
		const timer = setTimeout(() => abort.abort(), options.callbackTimeoutMs);
		try {
			const response = await fetch(target, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'user-agent': 'evolink-simulator-callback' },
				body: JSON.stringify(callbackBody(task, t)),
				signal: abort.signal,
				redirect: 'manual',
			});
			record.status = response.status;
			await response.arrayBuffer().catch(() => undefined);
		} catch (error) {
			record.error = abort.signal.aborted ? `no answer within ${options.callbackTimeoutMs} ms` : error instanceof Error ? String(error.cause ?? error.message) : String(error);
		} finally {
			clearTimeout(timer);
			callbackAborts.delete(abort);
			record.endedAt = now();
		}
		const ok = record.status !== null && record.status >= 200 && record.status < 300;
		const delays = options.callbackRetryDelaysMs;
		if (!ok && attempt < delays.length && !closed) scheduleCallback(task, attempt + 1, delays[attempt]);
	}

	function stopCallbacks() {
		for (const timer of callbackTimers) clearTimeout(timer);
		callbackTimers.clear();
		for (const abort of callbackAborts) abort.abort();
		callbackAborts.clear();
	}

	// ── files ────────────────────────────────────────────────────────────────────────────────

	/** @param {string} name */
	const safeName = (name) => name.replace(/[/\\]/g, '_').replace(/[^\w.\-() ]/g, '_').slice(0, 200) || 'upload';

	/**
	 * @param {Buffer} bytes @param {string | undefined} fileName @param {string | undefined} uploadPath @param {'stream' | 'base64'} via
	 * @returns {Answer}
	 */
	function storeUpload(bytes, fileName, uploadPath, via) {
		const mimeType = sniffImageType(bytes);
		if (!mimeType) return { status: 200, json: FILES_ENVELOPE_UNSUPPORTED };
		let fileId;
		do fileId = `file_${randomAlnum(20, idRandom)}`;
		while (uploads.has(fileId));
		const extension = mimeType === 'image/jpeg' ? 'jpg' : mimeType.slice('image/'.length);
		const name = safeName(fileName || `${fileId}.${extension}`);
		const t = now();
		const expiresAt = new Date(t + 72 * 3600 * 1000).toISOString();
		uploads.set(fileId, { fileId, bytes, mimeType, fileName: name, uploadPath, via, uploadedAt: t, expiresAt });
		const fileUrl = `${filesBaseUrl}/uploads/${fileId}/${encodeURIComponent(name)}`;
		return {
			status: 200,
			json: {
				success: true,
				code: 200,
				msg: 'File uploaded successfully',
				data: {
					file_id: fileId,
					file_url: fileUrl,
					download_url: `${fileUrl}?download=1`,
					mime_type: mimeType,
					file_size: bytes.length,
					expires_at: expiresAt,
				},
			},
		};
	}

	/**
	 * A video (MP4 header) or audio (MP3 header) result, `resultMediaBytes` long (default 64 KiB),
	 * streamed in 1 MiB pieces, so a large file costs the simulator no memory.
	 * @param {TaskRecord} task @param {number} index @returns {Answer}
	 */
	function mediaFile(task, index) {
		const { type } = RESULT_FILES[task.kind];
		const header =
			task.kind === 'video'
				? Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex') // ftyp isom
				: Buffer.from('4944330400000000000fffbb', 'hex'); // ID3 + MPEG frame sync
		const length = Math.max(header.length, Math.round(options.resultMediaBytes ?? 65536));
		const fill = Buffer.alloc(2 ** 20, (index + 1) & 0xff);
		return {
			status: 200,
			headers: { 'content-type': type },
			stream: {
				length,
				*parts() {
					yield header;
					for (let sent = header.length; sent < length; sent += fill.length) yield fill.subarray(0, Math.min(fill.length, length - sent));
				},
			},
		};
	}

	/** @param {string} msg @returns {Answer} */
	const badUpload = (msg) => ({ status: 400, json: { success: false, code: 400, msg, data: null } });

	/** @param {string} taskId @param {number} index @param {number} t @returns {Answer} */
	function resultFile(taskId, index, t) {
		const task = tasks.get(taskId);
		if (!task || task.outcome !== 'completed' || t < task.completesAt || index >= task.images) {
			return { status: 404, json: envelope('file_not_found', 'File not found', 'invalid_request_error') };
		}
		task.downloadTimes.push(t);
		if (task.kind !== 'image') return mediaFile(task, index);
		const rgb = colourFor(`${taskId}/${index}`);
		if (options.resultMode === 'not-image') {
			return {
				status: 200,
				headers: { 'content-type': 'text/html; charset=utf-8' },
				bytes: Buffer.from('<!DOCTYPE html><html><head><title>Access denied</title></head><body><h1>403 Access denied</h1></body></html>\n'),
			};
		}
		if (options.resultMode === 'oversized' || options.resultMode === 'oversized-undeclared') {
			const png = oversizedPng(options.oversizedBytes, rgb);
			return { status: 200, headers: { 'content-type': 'image/png' }, stream: png, declareLength: options.resultMode === 'oversized' };
		}
		if (options.resultImageBytes) {
			const size = Math.round(options.resultImageBytes);
			let png = sizedPngs.get(size);
			if (!png) sizedPngs.set(size, (png = pngOfAbout(size)));
			return { status: 200, headers: { 'content-type': 'image/png' }, bytes: png };
		}
		return { status: 200, headers: { 'content-type': 'image/png' }, bytes: makePng({ rgb }) };
	}

	/** @param {string} fileId @param {string} name @param {URLSearchParams} query @returns {Answer} */
	function uploadedFile(fileId, name, query) {
		const stored = uploads.get(fileId);
		let decoded = name;
		try {
			decoded = decodeURIComponent(name);
		} catch {
			/* keep it raw */
		}
		if (!stored || stored.fileName !== decoded) return { status: 404, json: envelope('file_not_found', 'File not found', 'invalid_request_error') };
		/** @type {Record<string, string>} */
		const headers = { 'content-type': stored.mimeType };
		if (query.has('download')) headers['content-disposition'] = `attachment; filename="${stored.fileName.replace(/"/g, '')}"`;
		return { status: 200, headers, bytes: stored.bytes };
	}

	// ── faults, limits, plumbing ─────────────────────────────────────────────────────────────

	/** @param {string} method @param {string} path */
	function takeFault(method, path) {
		for (const fault of faults) {
			if (fault.remaining <= 0) continue;
			if (fault.method && fault.method.toUpperCase() !== method) continue;
			if (fault.path !== undefined) {
				if (typeof fault.path === 'string') {
					if (!path.startsWith(fault.path)) continue;
				} else {
					fault.path.lastIndex = 0;
					if (!fault.path.test(path)) continue;
				}
			}
			const probability = fault.probability ?? 1;
			if (probability < 1 && faultRandom() >= probability) continue;
			fault.remaining -= 1;
			faultsHit += 1;
			return fault;
		}
		return undefined;
	}

	/** @param {Fault} fault */
	function faultLabel(fault) {
		const parts = [];
		if (fault.drop) parts.push(`drop:${fault.drop}`);
		else if (answersWith(fault)) parts.push(`status:${fault.status ?? 200}${afterProcessing(fault) ? ':afterProcessing' : ''}${fault.text !== undefined ? ':text' : ''}`);
		if (fault.delayMs) parts.push(`delay:${fault.delayMs}`);
		return parts.join(',') || 'none';
	}

	/** Whether the fault replaces the answer (rather than dropping or only delaying it). @param {Fault} fault */
	function answersWith(fault) {
		return fault.status !== undefined || fault.body !== undefined || fault.text !== undefined;
	}

	/** @param {Fault} fault */
	function afterProcessing(fault) {
		return Boolean(fault.afterProcessing) || typeof fault.body === 'function';
	}

	/** @param {Fault} fault @param {Answer} [real] the answer the request would have got @returns {Answer} */
	function faultAnswer(fault, real) {
		const status = fault.status ?? 200;
		/** @type {Record<string, string>} */
		const headers = {};
		if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
		if (fault.text !== undefined) {
			headers['content-type'] = fault.contentType ?? 'text/html; charset=utf-8';
			return { status, headers, bytes: Buffer.from(fault.text) };
		}
		if (typeof fault.body === 'function') return { status, headers, json: fault.body(structuredClone(real?.json)) };
		return { status, headers, json: fault.body !== undefined ? fault.body : status < 300 ? {} : statusEnvelope(status) };
	}

	/** @param {http.IncomingMessage} req @returns {Promise<Buffer>} */
	async function readBody(req) {
		/** @type {Buffer[]} */
		const chunks = [];
		for await (const piece of req) chunks.push(/** @type {Buffer} */ (piece));
		return Buffer.concat(chunks);
	}

	/** @param {http.IncomingHttpHeaders} raw */
	function redactHeaders(raw) {
		/** @type {Record<string, string | string[] | undefined>} */
		const headers = {};
		for (const [name, value] of Object.entries(raw)) {
			const lower = name.toLowerCase();
			if (lower === 'authorization' || lower === 'proxy-authorization') continue;
			const text = Array.isArray(value) ? value.join(', ') : String(value ?? '');
			headers[lower] = options.apiKey && text.includes(options.apiKey) ? '[redacted]' : value;
		}
		return headers;
	}

	/** @param {string | undefined} header */
	function isAuthorized(header) {
		const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
		return Boolean(match && options.apiKey && match[1] === options.apiKey);
	}

	/** @param {http.ServerResponse} res */
	function dropConnection(res) {
		const socket = res.socket;
		if (socket && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
		else if (socket) socket.destroy();
		else res.destroy();
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {LogEntry} entry @param {Answer} answer */
	function send(req, res, entry, answer) {
		entry.status = answer.status;
		if (answer.json !== undefined) return sendJson(res, answer.status, answer.json, answer.headers);
		const length = answer.bytes ? answer.bytes.length : answer.stream ? answer.stream.length : 0;
		const undeclared = answer.stream !== undefined && answer.declareLength === false;
		res.writeHead(answer.status, undeclared ? { ...answer.headers } : { 'content-length': length, ...answer.headers });
		if (req.method === 'HEAD') return res.end();
		if (answer.bytes) return res.end(answer.bytes);
		if (answer.stream) {
			pipeline(Readable.from(answer.stream.parts(), { objectMode: false }), res, () => undefined);
			return undefined;
		}
		return res.end();
	}

	/**
	 * @param {string} method @param {string} path
	 * @returns {LogEntry['kind']}
	 */
	function kindOf(method, path) {
		if (CREATE_PATHS[path]) return method === 'POST' ? 'create' : 'other';
		if (path.startsWith('/v1/tasks/')) return method === 'GET' ? 'query' : 'other';
		if (path === '/v1/credits') return 'credits';
		if (path.startsWith('/api/v1/files/upload/')) return 'upload';
		if (path.startsWith('/files/')) return 'result';
		if (path.startsWith('/uploads/')) return 'download';
		return 'other';
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async function handle(req, res) {
		const startedAt = now();
		const url = new URL(req.url ?? '/', baseUrl);
		const method = (req.method ?? 'GET').toUpperCase();
		const path = url.pathname;
		const kind = kindOf(method, path);
		/** @type {LogEntry} */
		const entry = {
			seq: ++seq,
			method,
			path,
			query: Object.fromEntries(url.searchParams),
			kind,
			status: null,
			authorized: isAuthorized(req.headers.authorization),
			body: null,
			headers: redactHeaders(req.headers),
			taskId: undefined,
			fault: undefined,
			idempotency: undefined,
			error: undefined,
			startedAt,
			endedAt: undefined,
		};
		requests.push(entry);
		const counted = kind === 'create' || kind === 'query' ? kind : undefined;
		inFlight.total += 1;
		if (counted) inFlight[counted] += 1;
		peak.total = Math.max(peak.total, inFlight.total);
		if (counted) peak[counted] = Math.max(peak[counted], inFlight[counted]);
		let finished = false;
		res.on('close', () => {
			if (finished) return;
			finished = true;
			inFlight.total -= 1;
			if (counted) inFlight[counted] -= 1;
			entry.endedAt = now();
		});

		let raw;
		try {
			raw = await readBody(req);
		} catch (error) {
			entry.error = `request body not received: ${error instanceof Error ? error.message : String(error)}`;
			res.destroy();
			return;
		}

		// Body: JSON (by content type, or untyped text that looks like JSON), or multipart.
		const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
		/** @type {{ value: unknown, error?: string }} */
		const parsed = { value: undefined };
		/** @type {import('./multipart').MultipartBody | undefined} */
		let multipart;
		if (contentType.startsWith('multipart/form-data')) {
			multipart = parseMultipart(raw, String(req.headers['content-type']));
			const file = multipart?.files.file;
			entry.body = {
				fields: multipart?.fields ?? {},
				fileSize: file?.bytes.length,
				fileName: file?.fileName,
				mimeType: file?.contentType,
			};
		} else if (raw.length) {
			const text = raw.toString('utf8');
			if (contentType.includes('json') || (!contentType && /^\s*[[{]/.test(text))) {
				try {
					parsed.value = JSON.parse(text);
					entry.body = parsed.value;
				} catch (error) {
					parsed.error = error instanceof Error ? error.message : String(error);
					entry.body = text;
				}
			} else {
				entry.body = text.length > 10_000 ? `${text.slice(0, 10_000)}…` : text;
				parsed.error = `expected a JSON body, got content type "${contentType || 'none'}"`;
			}
		}

		const t = now();
		settleDue(t);

		const fault = takeFault(method, path);
		if (fault) entry.fault = faultLabel(fault);
		if (fault?.drop === 'before') {
			await sleep(fault.delayMs ?? 0);
			return dropConnection(res);
		}
		if (fault && answersWith(fault) && !afterProcessing(fault)) {
			await sleep(fault.delayMs ?? 0);
			return send(req, res, entry, faultAnswer(fault));
		}

		const answer = route(req, entry, url, method, path, parsed, multipart, t);

		if (fault) await sleep(fault.delayMs ?? 0);
		if (fault?.drop === 'after') return dropConnection(res);
		if (fault && answersWith(fault) && afterProcessing(fault)) {
			return send(req, res, entry, faultAnswer(fault, answer));
		}
		return send(req, res, entry, answer);
	}

	/**
	 * Processes one request: rate limit, auth, then the route. All side effects happen here.
	 * @param {http.IncomingMessage} req @param {LogEntry} entry @param {URL} url @param {string} method @param {string} path
	 * @param {{ value: unknown, error?: string }} parsed @param {import('./multipart').MultipartBody | undefined} multipart @param {number} t
	 * @returns {Answer}
	 */
	function route(req, entry, url, method, path, parsed, multipart, t) {
		while (recent.length && recent[0] <= t - 1000) recent.shift();
		if (recent.length >= options.maxRequestsPerSecond) {
			return {
				status: 429,
				json: envelope('rate_limit_exceeded', `Rate limit reached: at most ${options.maxRequestsPerSecond} requests per second.`, 'rate_limit_error'),
				headers: { 'retry-after': '1' },
			};
		}
		recent.push(t);

		// Public downloads: no key needed (as result and file URLs are).
		const isRead = method === 'GET' || method === 'HEAD';
		const resultMatch = /^\/files\/([^/]+)\/(\d+)\.(?:png|mp4|mp3)$/.exec(path);
		if (resultMatch && isRead) return resultFile(decodeSafe(resultMatch[1]), Number(resultMatch[2]), t);
		const uploadMatch = /^\/uploads\/([^/]+)\/([^/]+)$/.exec(path);
		if (uploadMatch && isRead) return uploadedFile(uploadMatch[1], uploadMatch[2], url.searchParams);

		if (!entry.authorized) return { status: 401, json: statusEnvelope(401) };

		/** @param {string} allow @returns {Answer} */
		const notAllowed = (allow) => ({
			status: 405,
			headers: { allow },
			json: envelope('method_not_allowed', `Method ${method} is not allowed on ${path}.`, 'invalid_request_error'),
		});
		if (CREATE_PATHS[path]) {
			if (method !== 'POST') return notAllowed('POST');
			return createTask(entry, parsed, req.headers['idempotency-key'], t, CREATE_PATHS[path]);
		}
		if (path.startsWith('/v1/tasks/')) {
			if (method !== 'GET') return notAllowed('GET');
			return queryTask(entry, path.slice('/v1/tasks/'.length), t);
		}
		if (path === '/v1/credits') {
			if (method !== 'GET') return notAllowed('GET');
			return { status: 200, json: creditsBody() };
		}
		if (path === '/api/v1/files/upload/stream') {
			if (method !== 'POST') return notAllowed('POST');
			if (!multipart) return badUpload('Expected a multipart/form-data body with a "file" field');
			const file = multipart.files.file;
			const bytes = file ? file.bytes : multipart.fields.file !== undefined ? Buffer.from(multipart.fields.file, 'utf8') : undefined;
			if (!bytes) return badUpload('file is required');
			return storeUpload(bytes, multipart.fields.file_name || file?.fileName, multipart.fields.upload_path, 'stream');
		}
		if (path === '/api/v1/files/upload/base64') {
			if (method !== 'POST') return notAllowed('POST');
			const body = /** @type {any} */ (parsed.value);
			const data = body && typeof body === 'object' ? body.base64_data : undefined;
			if (typeof data !== 'string' || !data) return badUpload('base64_data is required');
			const match = /^data:([^;,]*)(?:;[^,]*)?;base64,(.*)$/s.exec(data);
			const payload = (match ? match[2] : data).replace(/\s+/g, '');
			if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(payload)) return badUpload('base64_data is not valid base64');
			const fileName = typeof body.file_name === 'string' ? body.file_name : undefined;
			const uploadPath = typeof body.upload_path === 'string' ? body.upload_path : undefined;
			return storeUpload(Buffer.from(payload, 'base64'), fileName, uploadPath, 'base64');
		}
		return { status: 404, json: envelope('not_found', `No route for ${method} ${path}`, 'invalid_request_error') };
	}

	/** @param {string} value */
	function decodeSafe(value) {
		try {
			return decodeURIComponent(value);
		} catch {
			return value;
		}
	}

	return {
		/** 'http://127.0.0.1:PORT' */
		baseUrl,
		/** Same server: upload routes live under /api/v1/files/… */
		filesBaseUrl,
		/** Every request, in arrival order. */
		requests,
		/** Every callback delivery attempt, in order. */
		callbacks,
		/** Callback deliveries scheduled or in flight. */
		pendingCallbacks() {
			return callbackTimers.size + callbackAborts.size;
		},
		/** Task records by id. */
		tasks,
		/** Uploaded files by file id. */
		uploads,
		/**
		 * Number of logged requests with this method (any when empty) whose path starts with the
		 * prefix or matches the pattern (any when absent).
		 * @param {string | undefined | null} method
		 * @param {string | RegExp} [path]
		 * @returns {number}
		 */
		count(method, path) {
			return requests.filter((r) => {
				if (method && r.method !== method.toUpperCase()) return false;
				if (path === undefined) return true;
				if (typeof path === 'string') return r.path.startsWith(path);
				path.lastIndex = 0;
				return path.test(r.path);
			}).length;
		},
		/**
		 * Queues a fault; faults are tried in the order injected, the first that matches (and wins
		 * its probability draw) hits.
		 * @param {Fault} fault
		 * @returns {void}
		 */
		inject(fault) {
			if (fault.drop !== undefined && fault.drop !== 'before' && fault.drop !== 'after') {
				throw new TypeError(`inject: drop must be 'before' or 'after', got ${String(fault.drop)}`);
			}
			if (fault.drop === undefined && !answersWith(fault) && !fault.delayMs) {
				throw new TypeError('inject: a fault needs status, body, text, drop or delayMs');
			}
			faults.push({ ...fault, remaining: fault.times ?? 1 });
		},
		/**
		 * Changes options at runtime. `credits` sets the remaining credits (and what reset() returns
		 * to); `seed` reseeds the RNGs; durations, estimatedTime and timeScale apply to tasks created
		 * afterwards; an option given as undefined goes back to its default. `port` is ignored.
		 * @param {Partial<SimulatorOptions>} changes
		 * @returns {void}
		 */
		configure(changes) {
			for (const [key, value] of Object.entries(changes)) {
				if (key === 'port') continue;
				// undefined means "back to the default" (estimatedTime, resultImageBytes: none)
				Object.assign(options, { [key]: value === undefined ? /** @type {Record<string, unknown>} */ (DEFAULTS)[key] : value });
			}
			if (changes.credits !== undefined) credits = { remaining: round2(changes.credits), used: credits.used };
			if (changes.seed !== undefined) {
				jitterRandom = rng(options.seed);
				faultRandom = rng(options.seed ^ 0x5bd1e995);
				idRandom = rng(options.seed ^ 0x27d4eb2d);
			}
		},
		/** Peak in-flight requests (create = POST /v1/images/generations, query = GET /v1/tasks/:id), and more. */
		stats() {
			settleDue(now());
			return {
				maxConcurrentRequests: { ...peak },
				inFlight: { ...inFlight },
				requests: requests.length,
				tasks: tasks.size,
				unfinishedTasks: unsettled.size,
				faultsHit,
				pendingFaults: faults.filter((f) => f.remaining > 0).length,
				credits: { remaining: credits.remaining, used: credits.used },
			};
		},
		/** Clears log, tasks, faults, uploads, stats and credits (back to options.credits); keeps options. */
		reset() {
			stopCallbacks();
			callbacks.length = 0;
			requests.length = 0;
			tasks.clear();
			unsettled.clear();
			uploads.clear();
			idempotencyKeys.clear();
			faults = [];
			recent.length = 0;
			faultsHit = 0;
			peak.create = inFlight.create;
			peak.query = inFlight.query;
			peak.total = inFlight.total;
			seq = 0;
			taskIndex = 0;
			credits = { remaining: options.credits, used: 0 };
			jitterRandom = rng(options.seed);
			faultRandom = rng(options.seed ^ 0x5bd1e995);
			idRandom = rng(options.seed ^ 0x27d4eb2d);
		},
		/** Closes the server and every socket (keep-alive ones too); pending delays end at once. */
		async close() {
			if (closed) return;
			closed = true;
			stopCallbacks();
			for (const sleeper of sleepers) {
				clearTimeout(sleeper.timer);
				sleeper.resolve();
			}
			sleepers.clear();
			const done = new Promise((resolve) => server.close(() => resolve(undefined)));
			server.closeAllConnections();
			for (const socket of sockets) socket.destroy();
			await done;
		},
	};
}

/** @typedef {Awaited<ReturnType<typeof startSimulator>>} Simulator */

module.exports = { startSimulator, FAILURE_MESSAGES };
