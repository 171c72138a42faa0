#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench`: how fast and how politely the node waits for a batch, side by side in one run
 * with what users build by hand (HTTP Request → Wait N s → HTTP Request → IF → loop back).
 *
 * Every variant runs against a fresh Evolink simulator on 127.0.0.1 with the same seeded task
 * durations. The node runs in n8n's engine (n8n-core); the baseline is the hand-built loop's
 * logic: create every task, then every N seconds ask for each task not yet done.
 *
 *   npm run bench                     # full scale (≈ 10 minutes)
 *   npm run bench -- --quick          # time scale 0.1 and fewer sizes (≈ 1 minute)
 *   npm run bench -- --scale 0.5 --sizes 10,50
 *
 * Not a test: it asserts nothing and only prints markdown tables. The batch rows measure waiting
 * (downloads off, as the hand-built loop has none); the binary rows measure downloads.
 */
const { request } = require('undici');

const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

const { runWorkflow, evolinkNode, setBinaryDataMode } = require('../test/harness');
const { startSimulator } = require('../test/simulator');

const API_KEY = 'sk-evo-bench';

/** @typedef {Awaited<ReturnType<typeof startSimulator>>} Simulator */
/** @typedef {NonNullable<Parameters<typeof startSimulator>[0]>} SimOptions */

/** @param {string[]} argv */
function parseArgs(argv) {
	const args = { scale: 1, sizes: [1, 10, 50, 200], longSizes: [50], quick: false, binaryChild: '', imageMb: 3, binary: true };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--quick') {
			args.quick = true;
			args.scale = 0.1;
			args.sizes = [1, 10, 50];
			args.longSizes = [10];
		} else if (arg === '--scale') args.scale = Number(argv[++i]);
		else if (arg === '--sizes') args.sizes = argv[++i].split(',').map(Number).filter((n) => n > 0);
		else if (arg === '--long-sizes') args.longSizes = argv[++i].split(',').map(Number).filter((n) => n > 0);
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

/**
 * Samples this process's RSS while `work` runs; returns the work's result and the peak.
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
 * What the simulator saw: per task, when it became done and when a client first saw it.
 * @param {Simulator} sim @param {number} startedAt @param {number} endedAt @param {string} label @param {number} n
 */
function measure(sim, startedAt, endedAt, label, n) {
	const tasks = [...sim.tasks.values()];
	const slowestEnd = Math.max(...tasks.map((t) => t.completesAt));
	const latencies = tasks.map((t) => (t.firstFinalSeenAt ?? endedAt) - t.completesAt);
	const statusRequests = sim.count('GET', '/v1/tasks');
	return {
		label,
		n,
		tasks: tasks.length,
		wallS: (endedAt - startedAt) / 1000,
		slowestS: (slowestEnd - startedAt) / 1000,
		afterSlowestS: (endedAt - slowestEnd) / 1000,
		requestsPerTask: statusRequests / Math.max(1, tasks.length),
		p50: quantile(latencies, 0.5) / 1000,
		p95: quantile(latencies, 0.95) / 1000,
	};
}

/** @param {SimOptions} simOptions @param {number} n @param {Record<string, number>} [nodeOptions] */
async function runNodeVariant(simOptions, n, nodeOptions = {}) {
	const sim = await startSimulator(simOptions);
	try {
		const startedAt = Date.now();
		const { result, peakRss } = await withPeakRss(() =>
			runWorkflow({
				nodes: [evolinkNode({ resource: 'image', operation: 'generate', prompt: '={{ $json.prompt }}', options: { timeout: 600, ...nodeOptions }, downloadImages: false })],
				input: Array.from({ length: n }, (_, i) => ({ json: { prompt: `bench image ${i}` } })),
				credentials: { evolinkApi: { apiKey: API_KEY, baseUrl: sim.baseUrl, filesBaseUrl: sim.filesBaseUrl } },
			}),
		);
		const endedAt = Date.now();
		const done = result.itemsOf('Evolink').filter((/** @type {any} */ i) => i.json.status === 'completed').length;
		if (result.error || done !== n) throw new Error(`node run incomplete: ${result.error?.message ?? `${done}/${n}`}`);
		return { ...measure(sim, startedAt, endedAt, 'n8n-nodes-evolink', n), peakRssMb: peakRss / 2 ** 20 };
	} finally {
		await sim.close();
	}
}

/**
 * The hand-built loop: Wait `intervalS` → ask about every unfinished task → repeat.
 * @param {SimOptions} simOptions @param {number} n @param {number} intervalS
 */
async function runBaselineVariant(simOptions, n, intervalS) {
	const sim = await startSimulator(simOptions);
	const headers = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' };
	try {
		const startedAt = Date.now();
		const { peakRss } = await withPeakRss(async () => {
			const ids = [];
			for (let i = 0; i < n; i++) {
				const res = await request(`${sim.baseUrl}/v1/images/generations`, {
					method: 'POST',
					headers,
					body: JSON.stringify({ model: 'gpt-4o-image', prompt: `bench image ${i}` }),
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
		});
		const endedAt = Date.now();
		return { ...measure(sim, startedAt, endedAt, `hand-built loop, Wait ${intervalS} s`, n), peakRssMb: peakRss / 2 ** 20 };
	} finally {
		await sim.close();
	}
}

/** @param {Record<string, any>} r */
function row(r) {
	const f = (/** @type {number} */ x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');
	return `| ${r.scenario} | ${r.n} | ${r.label} | ${f(r.wallS)} | ${f(r.slowestS)} | ${f(r.afterSlowestS, 2)} | ${f(r.requestsPerTask, 2)} | ${f(r.p50, 2)} | ${f(r.p95, 2)} | ${f(r.peakRssMb, 0)} |`;
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
		const row = await binaryChild(/** @type {'default' | 'filesystem'} */ (args.binaryChild), args.imageMb);
		console.log(JSON.stringify(row));
		return;
	}
	const scenarios = [
		{ name: `15–25 s, estimate 20 s`, durationMs: /** @type {[number, number]} */ ([15_000, 25_000]), estimatedTime: 20, sizes: args.sizes },
		{ name: `55–65 s, estimate 60 s`, durationMs: /** @type {[number, number]} */ ([55_000, 65_000]), estimatedTime: 60, sizes: args.longSizes },
	];
	console.log(`# Evolink batch benchmark (time scale ${args.scale}${args.scale === 1 ? ', full' : ''})\n`);
	console.log('Node', process.version, '· simulator and node share this process (RSS includes both)\n');
	console.log('| tasks | N | variant | wall s | slowest task s | done after slowest s | status req/task | detect p50 s | detect p95 s | peak RSS MB |');
	console.log('|---|---|---|---|---|---|---|---|---|---|');
	for (const scenario of scenarios) {
		for (const n of scenario.sizes) {
			/** @type {SimOptions} */
			const simOptions = {
				apiKey: API_KEY,
				durationMs: scenario.durationMs,
				estimatedTime: Math.max(1, Math.round(scenario.estimatedTime * args.scale)),
				timeScale: args.scale,
				seed: 7,
				credits: 1e9,
			};
			const variants = [
				// A quicker clock shrinks every wait, so the request cap is scaled to match (within its bounds).
				() => runNodeVariant(simOptions, n, { maxStatusRequestsPerSecond: Math.min(50, Math.round(10 / args.scale)) }).then((r) => ({ ...r, label: `${r.label} (defaults)` })),
				// Large batches are bound by the request cap (default 10 per second): show a raised one too.
				...(n >= 200
					? [() => runNodeVariant(simOptions, n, { maxStatusRequestsPerSecond: Math.min(50, Math.round(40 / args.scale)) }).then((r) => ({ ...r, label: `${r.label}, cap 40/s` }))]
					: []),
				() => runBaselineVariant(simOptions, n, 2 * Math.max(args.scale, 0.25)),
				() => runBaselineVariant(simOptions, n, 5 * Math.max(args.scale, 0.25)),
			];
			for (const variant of variants) {
				const result = await variant();
				console.log(row({ ...result, scenario: scenario.name }));
			}
		}
	}
	console.log(
		'\nTargets (full scale): N = 50 at 15–25 s → done ≤ 0.5 s after the slowest task with ≤ 4 status requests per task;' +
			' 55–65 s with estimated_time 60 → ≤ 6 status requests per task and detection p95 ≤ 1 s.',
	);
	if (args.binary) binaryTable(args.imageMb);
	await require('./bench-push').pushTable(args);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
