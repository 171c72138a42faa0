/**
 * Waiting through n8n's engine against every progress behaviour the simulator offers: progress,
 * queueing and the estimate are hints that can be wrong, and none of them may hold a check back
 * until the timeout. Counts and outcomes only; speed belongs to the bench (npm run bench).
 */
import { items, jsonOf, runNode, useSimulator } from './setup';

const ctx = useSimulator();

interface Read {
	seq: number;
	method: string;
	path: string;
	status: number | null;
	taskId?: string;
	startedAt: number;
	endedAt: number;
}

const statusReads = (log: Read[]) => log.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/tasks/'));

function generate(options: Record<string, unknown> = {}) {
	return {
		resource: 'image',
		operation: 'generate',
		prompt: '={{ $json.prompt }}',
		downloadImages: false,
		// A timeout far below what a misread progress would plan (the "done in 800 s").
		options: { minPollInterval: 0.5, pollInterval: 1, timeout: 20, ...options },
	};
}

/** Eight tasks of 1.6–2.7 s that report an estimate of 2 s, with the behaviour's directives. */
const batch = (directives: string) =>
	items(...Array.from({ length: 8 }, (_, i) => ({ prompt: `[duration:${1600 + i * 150}][estimated:2]${directives} image ${i}` })));

describe.each([
	['straight', ''],
	['jumps', '[progress:jumps]'],
	['fast-slow', '[progress:fast-slow]'],
	['slow-fast', '[progress:slow-fast]'],
	['stall', '[progress:stall]'],
	['none', '[progress:none]'],
	['queued before processing', '[queue:1200]'],
	['estimate 3× too short', '[estimate-factor:0.33]'],
	['estimate 3× too long', '[estimate-factor:3]'],
])('progress behaviour: %s', (_, directives) => {
	it('every task completes, in input order, each found by a status read, within a few reads', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, generate(), { input: batch(directives) });
		expect(result.error).toBeUndefined();
		const out = jsonOf(result);
		expect(out.map((t) => t.status)).toEqual(Array(8).fill('completed'));
		out.forEach((task, i) => expect(sim.tasks.get(task.id).body.prompt).toContain(`image ${i}`));
		for (const task of sim.tasks.values()) {
			expect(task.firstFinalSeenAt).toBeGreaterThanOrEqual(task.completesAt);
			// A 0.5 s loop would read each task 4–6 times; a misread plan would wait for the timeout.
			expect(task.queryTimes.length).toBeGreaterThanOrEqual(1);
			expect(task.queryTimes.length).toBeLessThanOrEqual(9);
		}
		expect(statusReads(sim.requests).every((r) => r.status === 200)).toBe(true);
	});
});

it('an estimate 30× too long, without progress: the scout finds the real durations and the batch follows', async () => {
	const { sim } = ctx;
	const result = await runNode(sim, generate({ timeout: 30 }), { input: batch('[progress:none][estimate-factor:30]') });
	expect(jsonOf(result).map((t) => t.status)).toEqual(Array(8).fill('completed'));
	const lastEnd = Math.max(...[...sim.tasks.values()].map((t) => t.completesAt));
	// Planned from the estimate alone, the first check of most tasks would be at 0.75 × 60 s.
	expect(Math.max(...[...sim.tasks.values()].map((t) => t.firstFinalSeenAt))).toBeLessThan(lastEnd + 5000);
});

it('an account limit of 4 requests per second: 429s pause every check, the pace halves, and only a few 429s come back', async () => {
	const { sim } = ctx;
	sim.configure({ maxRequestsPerSecond: 4 });
	try {
		const result = await runNode(sim, generate({ maxStatusRequestsPerSecond: 100 }), {
			input: items(...Array.from({ length: 12 }, (_, i) => ({ prompt: `[duration:${1500 + i * 100}][estimated:2][progress:none] image ${i}` }))),
		});
		expect(jsonOf(result).map((t) => t.status)).toEqual(Array(12).fill('completed'));
		const reads = statusReads(sim.requests);
		const limited = reads.filter((r) => r.status === 429);
		expect(limited.length).toBeGreaterThan(0);
		// Halving brings the pace under the limit after a few bursts (about 10 429s here); a pace that
		// only paused and came back at 100 per second drew about 30.
		expect(limited.length).toBeLessThanOrEqual(16);
		for (const hit of limited) {
			// Retry-After: 1 — no status read of any task is sent within it (reads already on their
			// way when the 429 left arrive within a few milliseconds).
			const during = reads.filter((r) => r.startedAt > hit.endedAt + 50 && r.startedAt < hit.endedAt + 950);
			expect(during.map((r) => r.seq)).toEqual([]);
		}
	} finally {
		sim.configure({ maxRequestsPerSecond: Infinity });
	}
});
