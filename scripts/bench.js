#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench`: how fast and how politely the node waits for a batch, side by side in one run
 * with what users build by hand (HTTP Request → Wait N s → HTTP Request → IF → loop back), across
 * the progress behaviours the simulator offers (test/simulator/progress.js): Evolink promises
 * nothing about how `progress` grows, how long tasks queue or how good `estimated_time` is.
 *
 * Every run has an Evolink simulator of its own on 127.0.0.1 with the same seeded task durations.
 * The node runs in n8n's engine (n8n-core) with default options (downloads off, as the loop has
 * none); the baseline is the hand-built loop's logic: create every task one after another, then
 * every N seconds ask about each task not yet done. Times are real: the simulator runs at time
 * scale 1, and detection latency is measured by the simulator, from the moment a task became done
 * to the first status answer that said so.
 *
 * Runs share this process (and its two cores with anything else on the machine), nine at a time
 * by default (three behaviours × three variants); the event-loop delay printed under the table
 * shows what that sharing cost. `--parallel N` changes it, `--sequential` runs one at a time (much
 * longer) to check that sharing does not distort the figures.
 *
 *   npm run bench                          # the full table (≈ 7 minutes) and the binary table
 *   npm run bench -- --quick               # N = 10 and N = 1, straight and none only (≈ 1 minute)
 *   npm run bench -- --only straight,none --groups n50,n200 --no-binary
 *
 * Not a test: it asserts nothing and prints markdown tables.
 */
const { request } = require('undici');

const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const readline = require('node:readline');

const { runWorkflow, evolinkNode, setBinaryDataMode } = require('../test/harness');
const { startSimulator } = require('../test/simulator');

const API_KEY = 'sk-evo-bench';

/** @typedef {Awaited<ReturnType<typeof startSimulator>>} Simulator */
/** @typedef {NonNullable<Parameters<typeof startSimulator>[0]>} SimOptions */

/** The behaviours: how progress moves, queueing, and estimates off by 3× either way. */
const BEHAVIOURS = /** @type {Array<{ name: string, sim: Partial<SimOptions> }>} */ ([
	{ name: 'straight', sim: {} },
	{ name: 'jumps', sim: { progress: 'jumps' } },
	{ name: 'fast-slow', sim: { progress: 'fast-slow' } },
	{ name: 'slow-fast', sim: { progress: 'slow-fast' } },
	{ name: 'stall', sim: { progress: 'stall' } },
	{ name: 'none', sim: { progress: 'none' } },
	{ name: 'queued 3–8 s', sim: { queueMs: [3000, 8000] } },
	{ name: 'estimate 3× short', sim: { estimateFactor: 1 / 3 } },
	{ name: 'estimate 3× long', sim: { estimateFactor: 3 } },
]);

/**
 * The table's groups: task length × batch size × behaviours. Runs of one `wave` share the process,
 * `--parallel` at a time (the long tasks' wave, light on the CPU, runs all at once).
 */
const WAVE_PARALLEL = /** @type {Record<number, number>} */ ({ 3: 18 });
const GROUPS = [
	{ id: 'n50', tasks: '15–25 s', durationMs: [15_000, 25_000], estimate: 20, n: 50, behaviours: 'all', wave: 1 },
	// N = 1: ten single-task runs side by side (one simulator), so that a row is not one draw.
	{ id: 'n1', tasks: '15–25 s', durationMs: [15_000, 25_000], estimate: 20, n: 1, repeat: 10, behaviours: 'all', wave: 2 },
	{ id: 'n200', tasks: '15–25 s', durationMs: [15_000, 25_000], estimate: 20, n: 200, behaviours: ['straight', 'none'], wave: 2 },
	{ id: 'long60', tasks: '55–65 s', durationMs: [55_000, 65_000], estimate: 60, n: 50, behaviours: ['straight', 'jumps', 'none'], wave: 3 },
	{ id: 'long180', tasks: '165–195 s', durationMs: [165_000, 195_000], estimate: 180, n: 50, behaviours: ['straight', 'jumps', 'none'], wave: 3 },
];

/** @param {string[]} argv */
function parseArgs(argv) {
	const args = {
		groups: GROUPS.map((g) => g.id),
		only: /** @type {string[] | undefined} */ (undefined),
		sizes: /** @type {number[] | undefined} */ (undefined),
		parallel: 9,
		binaryChild: '',
		imageMb: 3,
		binary: true,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--quick') {
			args.groups = ['n50', 'n1'];
			args.only = ['straight', 'none'];
			args.sizes = [10];
			args.binary = false;
		} else if (arg === '--groups') args.groups = argv[++i].split(',');
		else if (arg === '--only') args.only = argv[++i].split(',');
		else if (arg === '--n') args.sizes = argv[++i].split(',').map(Number);
		else if (arg === '--sequential') args.parallel = 1;
		else if (arg === '--parallel') args.parallel = Math.max(1, Number(argv[++i]));
		else if (arg === '--binary-child') args.binaryChild = argv[++i];
		else if (arg === '--image-mb') args.imageMb = Number(argv[++i]);
		else if (arg === '--no-binary') args.binary = false;
	}
	return args;
}

/** @param {number[]} values @param {number} q */
function quantile(values, q) {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** Samples this process's RSS while `work` runs; returns the work's result and the peak.
 * @template T
 * @param {() => Promise<T>} work
 */
async function withPeakRss(work) {
	let peak = process.memoryUsage().rss;
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 25);
	try {
		const result = await work();
		return { result, peakRss: Math.max(peak, process.memoryUsage().rss) };
	} finally {
		clearInterval(timer);
	}
}

/**
 * What the simulator saw: per task, when it became done and when a client first saw it. `runs`
 * are the batches that shared the simulator (told apart by their prompts' prefix), each with the
 * time it ended: "done after slowest" is the worst of them.
 * @param {Simulator} sim @param {Array<{ prefix: string, endedAt: number }>} runs
 */
function measure(sim, runs) {
	const tasks = [...sim.tasks.values()];
	const lastEnd = Math.max(...runs.map((r) => r.endedAt));
	const latencies = tasks.map((t) => (t.firstFinalSeenAt ?? lastEnd) - t.completesAt);
	const afterSlowest = runs.map((run) => {
		const own = tasks.filter((t) => String(t.body.prompt).startsWith(run.prefix));
		return run.endedAt - Math.max(...own.map((t) => t.completesAt));
	});
	const statusRequests = sim.count('GET', '/v1/tasks');
	return {
		tasks: tasks.length,
		afterSlowestS: Math.max(...afterSlowest) / 1000,
		requestsPerTask: statusRequests / Math.max(1, tasks.length),
		p50: quantile(latencies, 0.5) / 1000,
		p95: quantile(latencies, 0.95) / 1000,
		max: Math.max(...latencies) / 1000,
		rateLimited: sim.requests.filter((r) => r.status === 429).length,
	};
}

/**
 * The node with default options (downloads off): `repeat` executions of `n` items each, side by
 * side against one simulator (for N = 1: several single-task runs, so that the figures are not
 * one draw).
 * @param {SimOptions} simOptions @param {number} n @param {number} [repeat]
 */
async function runNode(simOptions, n, repeat = 1) {
	const sim = await startSimulator(simOptions);
	try {
		const runs = await Promise.all(
			Array.from({ length: repeat }, async (_, r) => {
				const prefix = `bench ${r}:`;
				const result = await runWorkflow({
					nodes: [evolinkNode({ resource: 'image', operation: 'generate', prompt: '={{ $json.prompt }}', options: {}, downloadImages: false })],
					input: Array.from({ length: n }, (_, i) => ({ json: { prompt: `${prefix} image ${i}` } })),
					credentials: { evolinkApi: { apiKey: API_KEY, baseUrl: sim.baseUrl, filesBaseUrl: sim.filesBaseUrl } },
				});
				const endedAt = Date.now();
				const done = result.itemsOf('Evolink').filter((/** @type {any} */ i) => i.json.status === 'completed').length;
				if (result.error || done !== n) throw new Error(`node run incomplete: ${result.error?.message ?? `${done}/${n}`}`);
				return { prefix, endedAt };
			}),
		);
		return measure(sim, runs);
	} finally {
		await sim.close();
	}
}

/**
 * The hand-built loop: create every task (one after another, as an HTTP Request node does), then
 * Wait `intervalS` → ask about every unfinished task → repeat. `repeat` loops side by side.
 * @param {SimOptions} simOptions @param {number} n @param {number} intervalS @param {number} [repeat]
 */
async function runLoop(simOptions, n, intervalS, repeat = 1) {
	const sim = await startSimulator(simOptions);
	const headers = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' };
	try {
		const runs = await Promise.all(
			Array.from({ length: repeat }, async (_, r) => {
				const prefix = `bench ${r}:`;
				const ids = [];
				for (let i = 0; i < n; i++) {
					const res = await request(`${sim.baseUrl}/v1/images/generations`, {
						method: 'POST',
						headers,
						body: JSON.stringify({ model: 'gpt-4o-image', prompt: `${prefix} image ${i}` }),
					});
					ids.push(/** @type {any} */ (await res.body.json()).id);
				}
				let pending = ids;
				while (pending.length) {
					await new Promise((resolve) => setTimeout(resolve, intervalS * 1000));
					const states = await Promise.all(
						pending.map(async (id) => {
							const res = await request(`${sim.baseUrl}/v1/tasks/${id}`, { headers });
							return /** @type {any} */ (await res.body.json()).status;
						}),
					);
					pending = pending.filter((_, i) => states[i] !== 'completed' && states[i] !== 'failed');
				}
				return { prefix, endedAt: Date.now() };
			}),
		);
		return measure(sim, runs);
	} finally {
		await sim.close();
	}
}

/**
 * The issue's targets for a node row, checked against the 2 s loop of the same behaviour and size.
 * @param {any} group @param {string} behaviour @param {any} node @param {any} loop2
 * @returns {string}
 */
function targets(group, behaviour, node, loop2) {
	/** @type {Array<[string, boolean]>} */
	const checks = [];
	if (loop2) {
		checks.push([`p95 ≤ 2 s loop's (${loop2.p95.toFixed(2)})`, node.p95 <= loop2.p95]);
		checks.push([`req ≤ ½ 2 s loop's (${(loop2.requestsPerTask / 2).toFixed(2)})`, node.requestsPerTask <= loop2.requestsPerTask / 2]);
	}
	if (group.id === 'n50' && behaviour === 'straight') {
		checks.push(['≤ 4 req', node.requestsPerTask <= 4], ['p95 ≤ 1 s', node.p95 <= 1], ['done ≤ 0.5 s', node.afterSlowestS <= 0.5]);
	}
	if (group.id === 'n200') checks.push(['done ≤ 1 s', node.afterSlowestS <= 1]);
	if (group.id.startsWith('long')) checks.push(['≤ 6 req', node.requestsPerTask <= 6], ['p95 ≤ 1 s', node.p95 <= 1]);
	const missed = checks.filter(([, ok]) => !ok).map(([name]) => name);
	return missed.length ? `missed: ${missed.join('; ')}` : `met (${checks.length})`;
}

/** @param {Record<string, any>} r */
function row(r) {
	const f = (/** @type {number} */ x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '–');
	const limited = r.rateLimited ? ` (${r.rateLimited} × 429)` : '';
	return `| ${r.tasks} | ${r.behaviour} | ${r.n} | ${r.variant} | ${f(r.requestsPerTask)}${limited} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.max)} | ${f(r.afterSlowestS)} | ${r.targets ?? ''} |`;
}

const BINARY_ITEMS = 20;
const IMAGES_PER_TASK = 4;

/**
 * One binary-mode measurement, in a process of its own (n8n's binary data mode is set once per
 * process): 20 items × 4 images of `imageMb` MB downloaded, peak RSS growth over the idle RSS.
 * @param {'default' | 'filesystem'} mode @param {number} imageMb
 */
async function binaryChild(mode, imageMb) {
	await setBinaryDataMode(mode);
	const imageBytes = Math.round(imageMb * 2 ** 20);
	// The simulator runs in a process of its own, so its buffers do not count as the node's.
	const server = spawn(process.execPath, [
		path.join(__dirname, '..', 'test', 'simulator', 'cli.js'),
		'--api-key', API_KEY, '--duration-ms', '500', '--result-image-bytes', String(imageBytes), '--credits', '1000000000',
	], { stdio: ['ignore', 'pipe', 'inherit'] });
	try {
		const [line] = await readline.createInterface({ input: /** @type {NodeJS.ReadableStream} */ (server.stdout) })[Symbol.asyncIterator]().next().then((r) => [r.value]);
		const { baseUrl, filesBaseUrl } = JSON.parse(line);
		const parameters = { resource: 'image', operation: 'generate', prompt: '={{ $json.prompt }}', n: IMAGES_PER_TASK, options: { maxImageSize: 100 } };
		const credentials = { evolinkApi: { apiKey: API_KEY, baseUrl, filesBaseUrl } };
		// Warm up: load the engine once, then measure from idle.
		await runWorkflow({ nodes: [evolinkNode({ ...parameters, n: 1 })], input: [{ json: { prompt: 'warm-up' } }], credentials });
		global.gc?.();
		const idle = process.memoryUsage().rss;
		const started = Date.now();
		const { result, peakRss } = await withPeakRss(() =>
			runWorkflow({
				nodes: [evolinkNode(parameters)],
				input: Array.from({ length: BINARY_ITEMS }, (_, i) => ({ json: { prompt: `file ${i}` } })),
				credentials,
			}),
		);
		const seconds = (Date.now() - started) / 1000;
		const files = result.itemsOf('Evolink').flatMap((/** @type {any} */ item) => Object.values(item.binary ?? {}));
		const bytes = files.reduce((sum, /** @type {any} */ file) => sum + (file.bytes ?? 0), 0);
		return { mode, files: files.length, imageMb, totalMb: bytes / 2 ** 20, growthMb: (peakRss - idle) / 2 ** 20, seconds, error: result.error?.message };
	} finally {
		server.kill();
	}
}

/** Runs both binary modes in child processes and prints their rows. @param {number} imageMb */
function binaryTable(imageMb) {
	console.log(`\n## Images as files: ${BINARY_ITEMS} items × ${IMAGES_PER_TASK} images of ${imageMb} MB, downloads 4 at a time\n`);
	console.log('| binary mode | files | total MB | peak RSS growth MB | growth ÷ total | growth in images | s |');
	console.log('|---|---|---|---|---|---|---|');
	for (const mode of ['default', 'filesystem']) {
		const child = spawnSync(process.execPath, ['--expose-gc', __filename, '--binary-child', mode, '--image-mb', String(imageMb)], {
			encoding: 'utf8',
			maxBuffer: 16 * 2 ** 20,
		});
		const line = child.stdout.trim().split('\n').pop() ?? '';
		if (child.status !== 0 || !line.startsWith('{')) {
			console.log(`| ${mode} | failed: ${(child.stderr || line).trim().split('\n').pop()} |`);
			continue;
		}
		const r = JSON.parse(line);
		console.log(
			`| ${r.mode} | ${r.files} | ${r.totalMb.toFixed(0)} | ${r.growthMb.toFixed(0)} | ${(r.growthMb / r.totalMb).toFixed(2)} | ${(r.growthMb / r.imageMb).toFixed(1)} | ${r.seconds.toFixed(1)} |`,
		);
	}
	console.log(
		'\nTarget: in filesystem mode the node holds about one image per concurrent download (4 downloads → growth of a few images, not the total).',
	);
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.binaryChild) {
		const line = await binaryChild(/** @type {'default' | 'filesystem'} */ (args.binaryChild), args.imageMb);
		console.log(JSON.stringify(line));
		return;
	}
	/** @type {Array<{ key: string, wave: number, group: any, behaviour: string, variant: string, run: () => Promise<any> }>} */
	const runs = [];
	for (const group of GROUPS) {
		if (!args.groups.includes(group.id)) continue;
		const behaviours = BEHAVIOURS.filter(
			(b) => (group.behaviours === 'all' || group.behaviours.includes(b.name)) && (!args.only || args.only.some((o) => b.name.startsWith(o))),
		);
		const n = args.sizes && group.id === 'n50' ? args.sizes[0] : group.n;
		for (const behaviour of behaviours) {
			/** @type {SimOptions} */
			const simOptions = {
				apiKey: API_KEY,
				durationMs: /** @type {[number, number]} */ (group.durationMs),
				estimatedTime: group.estimate,
				seed: 7,
				credits: 1e9,
				...behaviour.sim,
			};
			const key = `${group.id}/${behaviour.name}`;
			const common = { wave: group.wave, group: { ...group, n }, behaviour: behaviour.name };
			const repeat = group.repeat ?? 1;
			runs.push({ key, ...common, variant: 'node, defaults', run: () => runNode(simOptions, n, repeat) });
			runs.push({ key, ...common, variant: 'loop, Wait 2 s', run: () => runLoop(simOptions, n, 2, repeat) });
			runs.push({ key, ...common, variant: 'loop, Wait 5 s', run: () => runLoop(simOptions, n, 5, repeat) });
		}
	}
	/** @type {Map<any, any>} */
	const results = new Map();
	/** @type {string[]} */
	const waveNotes = [];
	const waves = [...new Set(runs.map((r) => r.wave))].sort();
	const started = Date.now();
	for (const wave of waves) {
		const inWave = runs.filter((r) => r.wave === wave);
		const delay = monitorEventLoopDelay({ resolution: 10 });
		delay.enable();
		const waveStart = Date.now();
		const queue = [...inWave];
		const worker = async () => {
			for (let r = queue.shift(); r; r = queue.shift()) results.set(r, await r.run());
		};
		const parallel = args.parallel === 1 ? 1 : Math.max(args.parallel, WAVE_PARALLEL[wave] ?? 0);
		await Promise.all(Array.from({ length: Math.min(parallel, inWave.length) }, worker));
		delay.disable();
		waveNotes.push(
			`wave ${wave}: ${inWave.length} runs, ${Math.min(args.parallel === 1 ? 1 : Math.max(args.parallel, WAVE_PARALLEL[wave] ?? 0), inWave.length)} at a time, ${((Date.now() - waveStart) / 1000).toFixed(0)} s; event-loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms, max ${(delay.max / 1e6).toFixed(0)} ms`,
		);
	}
	console.log(`# Evolink batch benchmark\n`);
	console.log(`Node ${process.version}, time scale 1 (real seconds), node with default options, seed 7.\n`);
	console.log('| tasks | behaviour | N | variant | status req/task | detect p50 s | detect p95 s | detect max s | done after slowest s | targets |');
	console.log('|---|---|---|---|---|---|---|---|---|---|');
	for (const r of runs) {
		const result = results.get(r);
		const loop2 = r.variant.startsWith('node') ? results.get(runs.find((o) => o.key === r.key && o.variant === 'loop, Wait 2 s')) : undefined;
		const targetText = r.variant.startsWith('node') ? targets(r.group, r.behaviour, result, loop2) : '';
		const n = r.group.repeat ? `${r.group.n} (×${r.group.repeat})` : r.group.n;
		console.log(row({ ...result, tasks: r.group.tasks, behaviour: r.behaviour, n, variant: r.variant, targets: targetText }));
	}
	console.log(`\n${waveNotes.join('  \n')}  \ntotal ${((Date.now() - started) / 1000).toFixed(0)} s`);
	console.log(
		'\nTargets (default options): every behaviour: detection p95 no worse than the 2 s loop and at most half its requests per task;' +
			' straight, N = 50: ≤ 4 requests per task, p95 ≤ 1 s, done ≤ 0.5 s after the slowest task; N = 200: done ≤ 1 s after the slowest;' +
			' long tasks (60 s, 180 s): ≤ 6 requests per task, p95 ≤ 1 s. N = 1 (×10): ten single-task executions, figures over their ten tasks.',
	);
	if (args.binary) {
		binaryTable(args.imageMb);
		// A 200 MB video in filesystem mode, in a process of its own (scripts/bench-video.js).
		const video = spawnSync(process.execPath, ['--expose-gc', path.join(__dirname, 'bench-video.js')], { encoding: 'utf8' });
		process.stdout.write(video.stdout || `\nvideo benchmark failed: ${video.stderr}\n`);
	}
	// Push completion beside polling (scripts/bench-push.js): real seconds, N = 10, 50 and 200.
	await require('./bench-push').pushTable({ scale: 1, sizes: args.sizes ?? [10, 50, 200] });
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
