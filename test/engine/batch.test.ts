/**
 * Many items at once: bounded concurrency, one scheduler, a rate cap, 429 pausing every poll,
 * order and pairing, fault tolerance without duplicate tasks, and cancel.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { items, jsonOf, runNode, until, useSimulator } from './setup';

const ctx = useSimulator();

interface LogEntry {
	method: string;
	path: string;
	status: number | null;
	fault?: string;
	startedAt: number;
	endedAt: number;
	body: { prompt?: string } | null;
}

const statusReads = (log: LogEntry[]) => log.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/tasks/'));

function generate(options: Record<string, unknown> = {}) {
	return {
		resource: 'image',
		operation: 'generate',
		prompt: '={{ $json.prompt }}',
		options: { minPollInterval: 0.5, pollInterval: 1, ...options },
	};
}

function prompts(count: number, durationMs: (i: number) => number) {
	return items(...Array.from({ length: count }, (_, i) => ({ prompt: `[duration:${durationMs(i)}] image ${i}` })));
}

it('never has more creates in flight than the concurrency option', async () => {
	const { sim } = ctx;
	sim.inject({ method: 'POST', path: '/v1/images/generations', delayMs: 80, times: Infinity });
	const result = await runNode(sim, { ...generate({ concurrency: 3 }), operation: 'create' }, { input: prompts(12, () => 300) });
	expect(jsonOf(result)).toHaveLength(12);
	expect(sim.stats().maxConcurrentRequests.create).toBe(3);
	expect(sim.count('POST', '/v1/images/generations')).toBe(12);
});

it('keeps status reads of the whole batch under the per-second cap', async () => {
	const { sim } = ctx;
	const result = await runNode(sim, generate({ maxStatusRequestsPerSecond: 4 }), { input: prompts(12, () => 400) });
	expect(jsonOf(result).every((t) => t.status === 'completed')).toBe(true);
	const reads = statusReads(sim.requests).map((r) => r.startedAt);
	expect(reads.length).toBeGreaterThanOrEqual(12);
	for (const start of reads) {
		// Every second, as the server sees arrivals, holds at most 4 reads.
		expect(reads.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(4);
	}
});

it('pauses every poll of the batch when Evolink answers 429 with Retry-After', async () => {
	const { sim } = ctx;
	sim.inject({ method: 'GET', path: '/v1/tasks/', status: 429, retryAfter: 2 });
	const result = await runNode(sim, generate(), { input: prompts(6, (i) => 600 + i * 100) });
	expect(jsonOf(result).every((t) => t.status === 'completed')).toBe(true);
	const reads = statusReads(sim.requests);
	const limited = reads.find((r) => r.status === 429) as LogEntry;
	// Reads the client had already sent when the 429 arrived may still land just after it.
	const later = reads.filter((r) => r.startedAt > limited.endedAt + 250);
	expect(later.length).toBeGreaterThan(0);
	// No read of any task sent after the 429 started before Retry-After had passed.
	for (const read of later) expect(read.startedAt - limited.endedAt).toBeGreaterThanOrEqual(1950);
});

it('keeps input order and pairing whatever order tasks finish in, also one item per image', async () => {
	const { sim } = ctx;
	const count = 8;
	const result = await runNode(
		sim,
		{ ...generate({ outputMode: 'perImage' }), n: 2 },
		{ input: prompts(count, (i) => 1200 - i * 120) },
	);
	const out = result.itemsOf('Evolink') as INodeExecutionData[];
	expect(out).toHaveLength(count * 2);
	out.forEach((item, k) => {
		const itemIndex = Math.floor(k / 2);
		expect(item.pairedItem).toEqual({ item: itemIndex });
		expect(item.json.imageIndex).toBe(k % 2);
		expect(sim.tasks.get(item.json.id).body.prompt).toBe(`[duration:${1200 - itemIndex * 120}] image ${itemIndex}`);
	});
	// Tasks really finished in reverse order.
	const ends = [...sim.tasks.values()].map((t) => t.completesAt);
	expect([...ends].sort((a, b) => b - a)).toEqual(ends);
});

it('completes every task despite 20 % failed status reads', async () => {
	const { sim } = ctx;
	sim.inject({ method: 'GET', path: '/v1/tasks/', status: 503, probability: 0.1, times: Infinity });
	sim.inject({ method: 'GET', path: '/v1/tasks/', drop: 'before', probability: 0.1, times: Infinity });
	const result = await runNode(sim, generate(), { input: prompts(20, (i) => 300 + (i % 5) * 150) });
	expect(result.status).toBe('success');
	expect(jsonOf(result).map((t) => t.status)).toEqual(Array(20).fill('completed'));
	expect(statusReads(sim.requests).filter((r) => r.fault).length).toBeGreaterThan(0);
});

it('never creates a duplicate task when creates fail, whatever the failure', async () => {
	const { sim } = ctx;
	sim.inject({ method: 'POST', path: '/v1/images/generations', status: 429, retryAfter: 0, probability: 0.15, times: Infinity });
	sim.inject({ method: 'POST', path: '/v1/images/generations', status: 502, afterProcessing: true, probability: 0.15, times: Infinity });
	sim.inject({ method: 'POST', path: '/v1/images/generations', drop: 'after', probability: 0.15, times: Infinity });
	sim.inject({ method: 'POST', path: '/v1/images/generations', drop: 'before', probability: 0.1, times: Infinity });
	const count = 24;
	const result = await runNode(sim, generate(), { input: prompts(count, () => 300), continueOnFail: true });
	const out = jsonOf(result);
	expect(out).toHaveLength(count);
	// One task per prompt at most: no create was repeated after it may have been processed.
	const createdPrompts = [...sim.tasks.values()].map((t) => t.body.prompt);
	expect(new Set(createdPrompts).size).toBe(createdPrompts.length);
	// Creates were only repeated after a 429, which Evolink did not process.
	const posts = sim.requests.filter((r: LogEntry) => r.method === 'POST') as LogEntry[];
	const perPrompt = new Map<string, LogEntry[]>();
	for (const post of posts) perPrompt.set(post.body?.prompt as string, [...(perPrompt.get(post.body?.prompt as string) ?? []), post]);
	for (const attempts of perPrompt.values()) {
		expect(attempts.slice(0, -1).every((a) => a.fault === 'status:429')).toBe(true);
	}
	// Every item ends completed, or with the honest "may have been created" error.
	for (const json of out) {
		if (json.error) expect(json.error).toMatch(/a task may have been created and billed|Could not reach Evolink/);
		else expect(json.status).toBe('completed');
	}
	expect(out.filter((j) => !j.error).length).toBeGreaterThan(0);
	expect(sim.requests.some((r: LogEntry) => r.fault)).toBe(true);
});

it('cancelling stops the polling of the whole batch', async () => {
	const { sim } = ctx;
	const result = await runNode(sim, generate(), {
		input: prompts(10, () => 60_000),
		onStart: ({ cancel }) => {
			void until(() => sim.count('GET', '/v1/tasks') >= 1).then(cancel);
		},
	});
	expect(result.status).toBe('canceled');
	// The first round of reads may still land; a loop that ignored the cancel would read the
	// tasks again within its 1 s interval. Watch twice that long: every task was read once at most.
	await new Promise((resolve) => setTimeout(resolve, 2000));
	const reads = statusReads(sim.requests).map((r) => r.path);
	expect(reads.length).toBeGreaterThanOrEqual(1);
	expect(new Set(reads).size).toBe(reads.length);
});
