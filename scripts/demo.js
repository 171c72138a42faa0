#!/usr/bin/env node
// @ts-check
/**
 * The main job, end to end: an example workflow (three prompts → Evolink Generate) executed in
 * n8n's own engine. With EVOLINK_API_KEY set it calls the real Evolink API (this spends
 * credits); without it, it runs against the built-in simulator on 127.0.0.1.
 *
 *   npm run demo                       # simulator
 *   EVOLINK_API_KEY=sk-evo-… npm run demo   # real API
 */
const { runWorkflow, evolinkNode } = require('../test/harness');
const { startSimulator } = require('../test/simulator');

const PROMPTS = [
	'A watercolor fox in a misty forest at sunrise',
	'A cozy reading nook with a cat, warm evening light, isometric illustration',
	'A minimalist poster of a lighthouse in a storm, bold flat colors',
];

async function main() {
	const apiKey = process.env.EVOLINK_API_KEY;
	const simulator = apiKey ? undefined : await startSimulator({ apiKey: 'sk-evo-demo', durationMs: [1500, 3000] });
	const credentials = simulator
		? { apiKey: 'sk-evo-demo', baseUrl: simulator.baseUrl, filesBaseUrl: simulator.filesBaseUrl }
		: {
				apiKey,
				baseUrl: process.env.EVOLINK_BASE_URL ?? 'https://api.evolink.ai',
				filesBaseUrl: process.env.EVOLINK_FILES_BASE_URL ?? 'https://files-api.evolink.ai',
			};
	console.log(
		simulator
			? `Evolink simulator on ${simulator.baseUrl} (set EVOLINK_API_KEY to use the real API)`
			: `Real Evolink API at ${credentials.baseUrl}: this spends credits`,
	);
	console.log(`Running "Prompts → Evolink: Generate" in n8n's engine for ${PROMPTS.length} items…`);
	const started = Date.now();
	try {
		const result = await runWorkflow({
			nodes: [
				evolinkNode(
					{ resource: 'image', operation: 'generate', prompt: '={{ $json.prompt }}', size: '1:1', n: 1 },
					{ name: 'Generate', continueOnFail: true },
				),
			],
			input: PROMPTS.map((prompt) => ({ json: { prompt } })),
			credentials: { evolinkApi: credentials },
		});
		if (result.error) throw result.error;
		const out = result.itemsOf('Generate');
		let failures = 0;
		out.forEach((item, index) => {
			const json = /** @type {Record<string, any>} */ (item.json);
			if (json.error) {
				failures += 1;
				console.log(`\n[${index}] FAILED: ${json.error}${json.taskId ? ` (task ${json.taskId})` : ''}`);
				return;
			}
			console.log(`\n[${index}] ${PROMPTS[index]}\n    task ${json.id}: ${json.status}`);
			for (const url of json.imageUrls ?? []) console.log(`    ${url}`);
			for (const [field, file] of Object.entries(item.binary ?? {})) {
				console.log(`    binary "${field}": ${file.fileName} (${file.mimeType}, ${file.fileSize})`);
			}
		});
		console.log(`\n${out.length - failures} of ${out.length} items done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
		if (simulator) {
			console.log(`Simulator saw ${simulator.count('POST', '/v1/images/generations')} create and ${simulator.count('GET', '/v1/tasks')} status requests.`);
		}
		process.exitCode = failures ? 1 : 0;
	} finally {
		await simulator?.close();
	}
}

main().catch((error) => {
	console.error(`Demo failed: ${error.message}${error.description ? `\n${error.description}` : ''}`);
	process.exit(1);
});
