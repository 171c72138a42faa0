#!/usr/bin/env node
// @ts-check
/**
 * Push completion beside polling (`npm run bench` runs it after its own tables; alone:
 * `node scripts/bench-push.js [--quick] [--scale X] [--sizes 10,50]`).
 *
 * Tasks are created with a Callback URL; the simulator calls back when each ends (as Evolink
 * does, retries included) to a local HTTP receiver that hands every request to the Evolink
 * Trigger's webhook() in n8n-core's WebhookContext (test/harness callWebhook), the code n8n
 * runs for a production webhook. Static data is handled as n8n does: loaded when a request
 * arrives, saved after the answer (so concurrent callbacks race as they do in n8n).
 *
 * Prints, per batch: Evolink status requests per task (target: 1, the verification), callback
 * deliveries per task, executions started, and the time from a task's end (the simulator's
 * completion time) to the moment webhook() hands n8n the workflow data, p50 and p95 (target
 * p95 ≤ 0.5 s). Then every task's callback is replayed once: a replay that starts an execution
 * shows a record lost when callbacks overlapped (README, Push completion: Limits). Not measured here: n8n's own work around webhook() (database, queue), which
 * the e2e sees in real n8n.
 */
const http = require('node:http');

const { callWebhook, evolinkTriggerNode } = require('../test/harness');
const { startSimulator } = require('../test/simulator');

const API_KEY = 'sk-evo-bench-push';
const PUBLIC = 'https://hooks.example.com';
const PATH = '/webhook/6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f/evolink';

/** @param {number[]} values @param {number} q */
function quantile(values, q) {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/**
 * A receiver standing in for n8n's webhook route: one stored static data, loaded per request and
 * saved after the answer; records when each task's workflow would start.
 * @param {any} sim
 */
async function startReceiver(sim) {
	/** @type {Record<string, unknown>} */
	let stored = {};
	/** @type {Map<string, number>} task id → when its first execution would start */
	const starts = new Map();
	/** @type {string[]} task ids of every start */
	const started = [];
	const server = http.createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', async () => {
			let body;
			try {
				body = JSON.parse(raw);
			} catch {
				body = {};
			}
			const call = await callWebhook({
				node: evolinkTriggerNode({ startOn: 'completed', downloadFiles: false, options: { maxVerificationsPerMinute: 600 } }),
				credentials: { evolinkApi: { apiKey: API_KEY, baseUrl: sim.baseUrl, filesBaseUrl: sim.filesBaseUrl } },
				staticData: stored,
				method: req.method,
				body,
			});
			const at = performance.timeOrigin + performance.now();
			for (const item of call.items) {
				const id = String(item.json.taskId);
				started.push(id);
				if (!starts.has(id)) starts.set(id, at);
			}
			res.writeHead(call.answer.status ?? 200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(call.answer.body ?? {}));
			if (call.staticDataChanged) stored = call.staticData;
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
	return {
		url: `http://127.0.0.1:${port}`,
		starts,
		started,
		close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
	};
}

/**
 * @param {number} n tasks
 * @param {[number, number]} durationMs
 */
async function runPush(n, durationMs) {
	const sim = await startSimulator({ apiKey: API_KEY, durationMs, seed: 7, credits: 1e9 });
	const receiver = await startReceiver(sim);
	sim.configure({ callbackRewrite: { from: PUBLIC, to: receiver.url } });
	try {
		/** @type {string[]} */
		const ids = [];
		for (let i = 0; i < n; i++) {
			const response = await fetch(`${sim.baseUrl}/v1/images/generations`, {
				method: 'POST',
				headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
				body: JSON.stringify({ model: 'gpt-4o-image', prompt: `push ${i}`, callback_url: `${PUBLIC}${PATH}` }),
			});
			ids.push(/** @type {any} */ (await response.json()).id);
		}
		const endOf = (/** @type {string} */ id) => /** @type {any} */ (sim.tasks.get(id)).completesAt;
		const slowest = Math.max(...ids.map(endOf));
		const deadline = slowest + 30_000;
		while (receiver.starts.size < n && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
		await new Promise((resolve) => setTimeout(resolve, 500));
		const reads = sim.count('GET', '/v1/tasks/') / n;
		const deliveries = sim.callbacks.length / n;
		const executions = receiver.started.length;
		// Then replay every task's callback once, one after another (what an attacker with the URL
		// could do): each should start nothing; one that starts shows a record lost to a race.
		for (const id of ids) {
			const task = await (await fetch(`${sim.baseUrl}/v1/tasks/${id}`, { headers: { authorization: `Bearer ${API_KEY}` } })).json();
			await fetch(`${receiver.url}${PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(task) });
		}
		const replayStarts = receiver.started.length - executions;
		const delays = ids.filter((id) => receiver.starts.has(id)).map((id) => (/** @type {number} */ (receiver.starts.get(id)) - endOf(id)) / 1000);
		return {
			n,
			reads,
			deliveries,
			executions,
			replayStarts,
			p50: quantile(delays, 0.5),
			p95: quantile(delays, 0.95),
		};
	} finally {
		await receiver.close();
		await sim.close();
	}
}

/**
 * Prints the push-mode table (called from bench.js with its parsed arguments).
 * @param {{ scale: number, sizes: number[] }} args
 */
async function pushTable(args) {
	const range = /** @type {[number, number]} */ ([15_000 * args.scale, 25_000 * args.scale]);
	console.log(`\n## Push completion (Evolink Trigger), tasks of ${range.map((ms) => (ms / 1000).toFixed(1)).join('–')} s\n`);
	console.log('| N | variant | status req/task | deliveries/task | executions started | task end → workflow start p50 s | p95 s | replays that started one |');
	console.log('|---|---|---|---|---|---|---|---|');
	for (const n of args.sizes.filter((size) => size >= 10)) {
		const r = await runPush(n, range);
		console.log(`| ${n} | push: Evolink Trigger | ${r.reads.toFixed(2)} | ${r.deliveries.toFixed(2)} | ${r.executions} | ${r.p50.toFixed(3)} | ${r.p95.toFixed(3)} | ${r.replayStarts} of ${n} |`);
	}
	console.log('\nTargets: 1 status request per task (the verification); p95 ≤ 0.5 s from a task\'s end to its workflow starting.');
}

if (require.main === module) {
	const argv = process.argv.slice(2);
	const quick = argv.includes('--quick');
	const scaleAt = argv.indexOf('--scale');
	const sizesAt = argv.indexOf('--sizes');
	pushTable({
		scale: scaleAt >= 0 ? Number(argv[scaleAt + 1]) : quick ? 0.1 : 1,
		sizes: sizesAt >= 0 ? argv[sizesAt + 1].split(',').map(Number) : quick ? [10, 50] : [10, 50, 200],
	}).catch((error) => {
		console.error(error);
		process.exit(1);
	});
}

module.exports = { pushTable };
