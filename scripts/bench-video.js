#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench` (last part): memory while a 200 MB video streams into n8n's binary data in
 * filesystem mode. One Video → Generate (Seedance 2.0) in n8n's engine; the simulator runs in a
 * process of its own and serves a 200 MB MP4; this process's peak RSS growth over its idle RSS is
 * the node's cost. Target: under 32 MB. `--mb N` changes the size.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

const { evolinkNode, runWorkflow, setBinaryDataMode } = require('../test/harness');

const API_KEY = 'sk-evo-bench-video';

async function main() {
	const mbArg = process.argv.indexOf('--mb');
	const mb = mbArg > -1 ? Number(process.argv[mbArg + 1]) : 200;
	await setBinaryDataMode('filesystem');
	const server = spawn(
		process.execPath,
		[path.join(__dirname, '..', 'test', 'simulator', 'cli.js'), '--api-key', API_KEY, '--duration-ms', '300', '--result-media-bytes', String(mb * 2 ** 20)],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	try {
		const first = await readline.createInterface({ input: /** @type {NodeJS.ReadableStream} */ (server.stdout) })[Symbol.asyncIterator]().next();
		const { baseUrl, filesBaseUrl } = JSON.parse(first.value);
		const credentials = { evolinkApi: { apiKey: API_KEY, baseUrl, filesBaseUrl } };
		const node = (/** @type {number} */ maxVideoSize) =>
			evolinkNode(
				{ resource: 'video', operation: 'generate', model: 'seedance-2.0-text-to-video', prompt: 'A slow pan over a harbour', options: { maxVideoSize, minPollInterval: 0.5, pollInterval: 1 } },
				{ typeVersion: 2 },
			);
		// Warm up with a small video, then measure from idle.
		await runWorkflow({ nodes: [node(1)], input: [{ json: {} }], credentials });
		global.gc?.();
		const idle = process.memoryUsage().rss;
		let peak = idle;
		const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
		const started = Date.now();
		const result = await runWorkflow({ nodes: [node(mb + 10)], input: [{ json: {} }], credentials });
		clearInterval(timer);
		peak = Math.max(peak, process.memoryUsage().rss);
		const seconds = (Date.now() - started) / 1000;
		const file = result.itemsOf('Evolink')[0]?.binary?.data;
		const growth = (peak - idle) / 2 ** 20;
		console.log(`\n## A ${mb} MB video into binary data (filesystem mode)\n`);
		console.log('| video MB | stored as | file size | peak RSS growth MB | target | s |');
		console.log('|---|---|---|---|---|---|');
		console.log(
			`| ${mb} | ${file ? `${file.fileName} (${file.mimeType})` : `failed: ${result.error?.message}`} | ${file?.fileSize ?? '—'} | ${growth.toFixed(1)} | < 32 MB: ${growth < 32 ? 'met' : 'NOT met'} | ${seconds.toFixed(1)} |`,
		);
	} finally {
		server.kill();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
