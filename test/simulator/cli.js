#!/usr/bin/env node
// @ts-check
/**
 * Runs the Evolink simulator as its own process, for a real n8n or a manual try:
 *
 *   node test/simulator/cli.js --api-key sk-evo-test --time-scale 1 --duration-ms 1500,3000
 *
 * Options (also as --name=value):
 *   --port N                       port on 127.0.0.1 (default 0: a free one)
 *   --api-key K                    the accepted Bearer key (default sk-evo-test-key)
 *   --time-scale X                 multiplies task durations (default 1)
 *   --duration-ms MS | MIN,MAX     task duration, fixed or uniform in a range (default 800)
 *   --estimated-time S             task_info.estimated_time in seconds (default: from the duration)
 *   --estimate-factor F            report F × the estimate (3: three times too long; 0.33: too short)
 *   --progress NAME                how progress moves: straight (default), jumps, fast-slow, slow-fast, stall, none
 *   --queue-ms MS | MIN,MAX        stay pending this long before processing (within the duration)
 *   --credits C                    starting credits (default 1000)
 *   --credits-per-image C          (default 2.5)
 *   --seed N                       (default 42)
 *   --idempotency                  honour Idempotency-Key on create
 *   --max-concurrent-tasks N       429 on create beyond N unfinished tasks
 *   --max-requests-per-second N    429 beyond N requests in a sliding second
 *   --result-mode png|oversized|oversized-undeclared|not-image
 *   --result-image-bytes N         result PNGs of about N bytes
 *   --result-media-bytes N         video and audio results of N bytes (streamed)
 *   --oversized-bytes N            size of 'oversized' results (default 60 MiB)
 *   --callback-rewrite FROM=TO     deliver callbacks for URLs starting with FROM to TO + the rest,
 *                                  e.g. https://hooks.example.com=http://127.0.0.1:5678
 *   --callback-body full|trimmed   the task object (default) or Evolink's trimmed example shape
 *   --callback-retry-delays-ms A,B,C  waits before the retries (default 1000,2000,4000)
 *   --callback-log FILE            append each callback delivery attempt to FILE as a JSON line
 *
 * Prints one JSON line {"baseUrl": "...", "filesBaseUrl": "..."} to stdout, then serves until
 * SIGTERM or SIGINT. Never prints the API key.
 */
const { startSimulator } = require('./index');
const { CURVES, isCurve } = require('./progress');

/** Flags that take no value. */
const SWITCHES = new Set(['idempotency', 'help']);

/** @param {string[]} argv @returns {Record<string, string>} */
function parse(argv) {
	/** @type {Record<string, string>} */
	const args = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
		const eq = arg.indexOf('=');
		const name = arg.slice(2, eq === -1 ? undefined : eq);
		if (eq !== -1) args[name] = arg.slice(eq + 1);
		else if (SWITCHES.has(name)) args[name] = 'true';
		else if (i + 1 < argv.length) args[name] = argv[++i];
		else throw new Error(`--${name} needs a value`);
	}
	return args;
}

/** @param {Record<string, string>} args @param {string} name */
function number(args, name) {
	if (args[name] === undefined) return undefined;
	const value = Number(args[name]);
	if (!Number.isFinite(value) && args[name] !== 'Infinity') throw new Error(`--${name} must be a number, got "${args[name]}"`);
	return value;
}

const KNOWN = new Set([
	'port', 'api-key', 'time-scale', 'duration-ms', 'estimated-time', 'credits', 'credits-per-image', 'seed', 'idempotency',
	'max-concurrent-tasks', 'max-requests-per-second', 'result-mode', 'result-image-bytes', 'result-media-bytes', 'oversized-bytes', 'help',
	'estimate-factor', 'progress', 'queue-ms',
	'callback-rewrite', 'callback-body', 'callback-retry-delays-ms', 'callback-log',
]);

async function main() {
	const args = parse(process.argv.slice(2));
	if (args.help) {
		process.stdout.write('usage: node test/simulator/cli.js [--port N] [--api-key K] [--time-scale X] [--duration-ms MIN,MAX] [--estimated-time S] …\n');
		return;
	}
	for (const name of Object.keys(args)) if (!KNOWN.has(name)) throw new Error(`unknown option --${name}`);
	/** @type {import('./index').SimulatorOptions['durationMs']} */
	let durationMs;
	if (args['duration-ms'] !== undefined) {
		const parts = args['duration-ms'].split(',').map((p) => Number(p.trim()));
		if (!parts.length || parts.length > 2 || parts.some((p) => !Number.isFinite(p) || p < 0)) {
			throw new Error(`--duration-ms must be MS or MIN,MAX, got "${args['duration-ms']}"`);
		}
		durationMs = parts.length === 2 ? /** @type {[number, number]} */ ([Math.min(...parts), Math.max(...parts)]) : parts[0];
	}
	/** @param {string} name @returns {number | [number, number] | undefined} */
	const range = (name) => {
		if (args[name] === undefined) return undefined;
		const parts = args[name].split(',').map((p) => Number(p.trim()));
		if (!parts.length || parts.length > 2 || parts.some((p) => !Number.isFinite(p) || p < 0)) {
			throw new Error(`--${name} must be MS or MIN,MAX, got "${args[name]}"`);
		}
		return parts.length === 2 ? /** @type {[number, number]} */ ([Math.min(...parts), Math.max(...parts)]) : parts[0];
	};
	const progress = args.progress;
	if (progress !== undefined && !isCurve(progress)) throw new Error(`--progress must be one of ${CURVES.join(', ')}, got "${progress}"`);
	const resultMode = args['result-mode'];
	if (resultMode !== undefined && !['png', 'oversized', 'oversized-undeclared', 'not-image'].includes(resultMode)) {
		throw new Error(`--result-mode must be png, oversized, oversized-undeclared or not-image, got "${resultMode}"`);
	}
	/** @type {{ from: string, to: string } | undefined} */
	let callbackRewrite;
	if (args['callback-rewrite'] !== undefined) {
		const eq = args['callback-rewrite'].indexOf('=');
		if (eq < 1) throw new Error(`--callback-rewrite must be FROM=TO, got "${args['callback-rewrite']}"`);
		callbackRewrite = { from: args['callback-rewrite'].slice(0, eq), to: args['callback-rewrite'].slice(eq + 1) };
	}
	const callbackBody = args['callback-body'];
	if (callbackBody !== undefined && callbackBody !== 'full' && callbackBody !== 'trimmed') {
		throw new Error(`--callback-body must be full or trimmed, got "${callbackBody}"`);
	}
	const retryDelays = args['callback-retry-delays-ms']?.split(',').map((p) => Number(p.trim()));
	if (retryDelays && retryDelays.some((d) => !Number.isFinite(d) || d < 0)) {
		throw new Error(`--callback-retry-delays-ms must be numbers, got "${args['callback-retry-delays-ms']}"`);
	}
	const sim = await startSimulator({
		port: number(args, 'port'),
		apiKey: args['api-key'],
		timeScale: number(args, 'time-scale'),
		durationMs,
		estimatedTime: number(args, 'estimated-time'),
		estimateFactor: number(args, 'estimate-factor'),
		progress,
		queueMs: range('queue-ms'),
		credits: number(args, 'credits'),
		creditsPerImage: number(args, 'credits-per-image'),
		seed: number(args, 'seed'),
		idempotency: args.idempotency === undefined ? undefined : args.idempotency !== 'false',
		maxConcurrentTasks: number(args, 'max-concurrent-tasks'),
		maxRequestsPerSecond: number(args, 'max-requests-per-second'),
		resultMode: /** @type {import('./index').SimulatorOptions['resultMode']} */ (resultMode),
		resultImageBytes: number(args, 'result-image-bytes'),
		resultMediaBytes: number(args, 'result-media-bytes'),
		oversizedBytes: number(args, 'oversized-bytes'),
		callbackRewrite,
		callbackBody: /** @type {'full' | 'trimmed' | undefined} */ (callbackBody),
		callbackRetryDelaysMs: retryDelays,
	});
	const callbackLog = args['callback-log'];
	if (callbackLog) {
		// Appends each finished attempt once (polled: the simulator keeps them in memory).
		const fs = require('node:fs');
		let written = 0;
		const flush = () => {
			while (written < sim.callbacks.length && sim.callbacks[written].endedAt !== undefined) {
				fs.appendFileSync(callbackLog, `${JSON.stringify(sim.callbacks[written])}\n`);
				written += 1;
			}
		};
		setInterval(flush, 100).unref();
		process.on('exit', flush);
	}
	process.stdout.write(`${JSON.stringify({ baseUrl: sim.baseUrl, filesBaseUrl: sim.filesBaseUrl })}\n`);
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		void sim.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	process.stderr.write(`simulator: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(2);
});
