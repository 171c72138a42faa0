/**
 * Shared set-up of the engine tests: one simulator per test file, reset before each test, and
 * a `run` helper that executes an Evolink node in n8n's engine against it.
 */
import type { INode, INodeExecutionData } from 'n8n-workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS tooling (harness, simulator, PNG maker) without typings
const { runWorkflow, testCredential, evolinkNode, chain } = require('../harness');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS tooling (harness, simulator, PNG maker) without typings
const { startSimulator } = require('../simulator');

export const API_KEY = 'sk-evo-test-0123456789abcdefSECRET';

export type Simulator = Awaited<ReturnType<typeof startSimulator>>;

export function useSimulator(options: Record<string, unknown> = {}) {
	const holder: { sim: Simulator } = {} as { sim: Simulator };
	beforeAll(async () => {
		holder.sim = await startSimulator({ apiKey: API_KEY, durationMs: 400, ...options });
	});
	beforeEach(() => holder.sim.reset());
	afterAll(async () => holder.sim?.close());
	return holder;
}

export interface RunOptions {
	input?: INodeExecutionData[];
	/** The node's type version (default 1, the version v0.1 workflows were saved with). */
	typeVersion?: number;
	continueOnFail?: boolean;
	apiKey?: string;
	onStart?: (control: { cancel: () => void }) => void;
}

export type RunResult = Awaited<ReturnType<typeof runWorkflow>>;

/** Runs one Evolink node with the given parameters. */
export async function runNode(sim: Simulator, parameters: Record<string, unknown>, options: RunOptions = {}): Promise<RunResult> {
	return runWorkflow({
		nodes: [evolinkNode(parameters, { continueOnFail: options.continueOnFail, typeVersion: options.typeVersion })],
		input: options.input,
		credentials: credentials(sim, options.apiKey),
		onStart: options.onStart,
	});
}

export function credentials(sim: Simulator, apiKey = API_KEY) {
	return { evolinkApi: { apiKey, baseUrl: sim.baseUrl, filesBaseUrl: sim.filesBaseUrl } };
}

export function items(...jsons: Array<Record<string, unknown>>): INodeExecutionData[] {
	return jsons.map((json) => ({ json: json as INodeExecutionData['json'] }));
}

export function jsonOf(result: RunResult, node = 'Evolink'): Array<Record<string, unknown>> {
	return result.itemsOf(node).map((item: INodeExecutionData) => item.json);
}

/** Polls a condition (not a fixed sleep) until it holds, or fails after `ms`. */
export async function until(condition: () => boolean, ms = 10_000): Promise<void> {
	const end = Date.now() + ms;
	while (!condition()) {
		if (Date.now() > end) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

export const fastPolling = { minPollInterval: 0.5, pollInterval: 1 };

/**
 * A file host that sends more than the cap without a Content-Length: the download must stop at
 * the cap (shared by the in-memory and the filesystem binary-mode tests).
 */
export async function expectUndeclaredOversizeStopped(sim: Simulator): Promise<void> {
	sim.configure({ resultMode: 'oversized-undeclared', oversizedBytes: 3 * 2 ** 20 });
	try {
		const result = await runNode(sim, {
			resource: 'image',
			operation: 'generate',
			prompt: 'sneaky',
			options: { ...fastPolling, maxImageSize: 1 },
		});
		const [taskId] = [...sim.tasks.keys()];
		expect(result.error.message).toBe(
			`Could not download image 1 of task ${taskId}: the file is larger than the 1 MB limit set in the node's options`,
		);
		expect(sim.count('GET', '/files/')).toBe(1);
	} finally {
		sim.configure({ resultMode: 'png' });
	}
}

export { chain, evolinkNode, runWorkflow, testCredential };
export type { INode };
