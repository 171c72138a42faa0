#!/usr/bin/env node
// @ts-check
/**
 * Runs the Evolink simulator as its own process, for a real n8n or a manual try:
 *   node test/simulator/cli.js --api-key sk-evo-test --time-scale 1 --duration-ms 1500,3000
 * Listens on a free port of 127.0.0.1 and prints one JSON line with the base URLs, then serves until SIGINT/SIGTERM.
 */
const { startSimulator } = require('./index');

/** @param {string[]} argv */
function parse(argv) {
	/** @type {Record<string, string>} */
	const args = {};
	for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];
	return args;
}

async function main() {
	const args = parse(process.argv.slice(2));
	const duration = args['duration-ms']?.split(',').map(Number);
	const sim = await startSimulator({
		apiKey: args['api-key'] ?? 'sk-evo-test-key',
		timeScale: args['time-scale'] ? Number(args['time-scale']) : 1,
		durationMs: duration ? (duration.length === 2 ? /** @type {[number, number]} */ (duration) : duration[0]) : 1500,
		estimatedTime: args['estimated-time'] ? Number(args['estimated-time']) : undefined,
	});
	process.stdout.write(`${JSON.stringify({ baseUrl: sim.baseUrl, filesBaseUrl: sim.filesBaseUrl })}\n`);
	const stop = () => void sim.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
