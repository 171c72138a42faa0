/**
 * The fast tier of the poller's tests: `waitForTasks` with a recording client, for the branches
 * the engine tests do not reach (a 401 in the middle of a wait, reads that keep failing until
 * the timeout, a fault of the client itself). The client stands in for the transport only; the
 * poller under test is the real one.
 */
import type { EvolinkTask } from '../../nodes/Evolink/rules/answers';
import type { PollOptions, WaitEntry } from '../../nodes/Evolink/engine/poller';
import { waitForTasks } from '../../nodes/Evolink/engine/poller';
import { EvolinkFailure } from '../../nodes/Evolink/transport/failure';

type Answer = Partial<EvolinkTask> | EvolinkFailure | Error;

/** Answers each task's reads from its script (the last answer repeats) and records every read. */
function recordingClient(scripts: Record<string, Answer[]>) {
	const reads: Array<{ taskId: string; at: number }> = [];
	let cancelled = false;
	return {
		reads,
		cancel: () => (cancelled = true),
		isCancelled: () => cancelled,
		async getTask(taskId: string): Promise<EvolinkTask> {
			const script = scripts[taskId];
			const answer = script[Math.min(reads.filter((r) => r.taskId === taskId).length, script.length - 1)];
			reads.push({ taskId, at: Date.now() });
			if (answer instanceof Error) throw answer;
			return { id: taskId, status: 'processing', progress: 10, ...answer } as EvolinkTask;
		},
	};
}

const options: PollOptions = { minIntervalMs: 20, maxIntervalMs: 40, timeoutMs: 2000, maxRequestsPerSecond: 50 };
const entry = (itemIndex: number, taskId: string): WaitEntry => ({ itemIndex, taskId, startedAt: Date.now(), pollNow: true });
const http = (status: number) =>
	new EvolinkFailure({ kind: 'http', status, apiMessage: `HTTP ${status}`, method: 'GET', path: '/v1/tasks/x' });
const network = () => new EvolinkFailure({ kind: 'network', code: 'ECONNRESET', method: 'GET', path: '/v1/tasks/x' });
const done = { status: 'completed', progress: 100, results: ['https://files.example.com/a.png'] };

it('a 401 in the middle of a wait ends every task with it, and no task is read again', async () => {
	const client = recordingClient({
		a: [{ status: 'processing' }, http(401)],
		b: [{ status: 'processing' }],
		c: [{ status: 'pending' }],
	});
	const outcomes = await waitForTasks(client, [entry(0, 'a'), entry(1, 'b'), entry(2, 'c')], options);
	expect([0, 1, 2].map((i) => outcomes.get(i)?.state)).toEqual(['error', 'error', 'error']);
	for (const i of [0, 1, 2]) {
		const outcome = outcomes.get(i);
		expect(outcome?.state === 'error' && outcome.failure.details.status).toBe(401);
	}
	const failedAt = client.reads.filter((r) => r.taskId === 'a')[1].at;
	// Reads already in flight may land; none starts after the 401 was seen.
	expect(client.reads.filter((r) => r.at > failedAt + 5)).toEqual([]);
});

it('reads that keep failing end in a timeout naming the last known status, not in an error', async () => {
	const client = recordingClient({ a: [{ status: 'processing', progress: 40 }, network()] });
	const outcomes = await waitForTasks(client, [entry(0, 'a')], { ...options, timeoutMs: 600 });
	const outcome = outcomes.get(0);
	expect(outcome?.state).toBe('timeout');
	expect(outcome?.state === 'timeout' && outcome.lastStatus).toBe('processing');
	expect(client.reads.length).toBeGreaterThan(2);
});

it('an unreadable answer is read again; a refused read (400) fails its own task only', async () => {
	const unreadable = new EvolinkFailure({
		kind: 'invalid-response',
		status: 200,
		apiMessage: 'the task object is not JSON',
		transient: true,
		method: 'GET',
		path: '/v1/tasks/a',
	});
	const client = recordingClient({ a: [unreadable, unreadable, done], b: [http(400)] });
	const outcomes = await waitForTasks(client, [entry(0, 'a'), entry(1, 'b')], options);
	expect(outcomes.get(0)?.state).toBe('completed');
	expect(outcomes.get(1)?.state).toBe('error');
	expect(client.reads.filter((r) => r.taskId === 'b')).toHaveLength(1);
});

it('a fault of the client itself ends that task with its message and keeps the others waiting', async () => {
	const client = recordingClient({ a: [new TypeError('boom')], b: [{ status: 'processing' }, done] });
	const outcomes = await waitForTasks(client, [entry(0, 'a'), entry(1, 'b')], options);
	const a = outcomes.get(0);
	expect(a?.state === 'error' && a.failure.message).toBe('boom');
	expect(outcomes.get(1)?.state).toBe('completed');
});

it('a cancelled execution ends the wait with every open task cancelled', async () => {
	const client = recordingClient({ a: [{ status: 'processing' }], b: [done] });
	const waiting = waitForTasks(client, [entry(0, 'a'), entry(1, 'b')], options, (itemIndex) => {
		if (itemIndex === 1) client.cancel();
	});
	const outcomes = await waiting;
	expect(outcomes.get(1)?.state).toBe('completed');
	expect(outcomes.get(0)?.state).toBe('cancelled');
});
