/**
 * Waits for many Evolink tasks with one scheduler: a single loop owns every pending task of the
 * run, keeps all status requests under one adaptive rate, pauses every check when Evolink answers
 * 429, and stops within a fraction of a second when the execution is cancelled. Nothing is kept
 * between executions: what the batch learns lives inside one waitForTasks call.
 *
 * How checks are planned (engine/pollPlan.ts). Evolink promises an integer `progress` 0–100 and a
 * status, nothing about how progress grows, how long a task queues, or how good `estimated_time`
 * is (the docs' values are examples). So every answer is a hint, and no hint may push a check
 * further than the evidence bounds:
 *
 * - Straight progress is a model to be earned, not assumed. A task's answers (t, p) fit a straight
 *   line when some start s (between its creation and its first `processing` answer, so a queue is
 *   allowed for) and pace d satisfy p·d ≤ t − s < (p + 1)·d for every answer (or (p − ½)·d ≤ …
 *   once any task's answers show rounding rather than flooring); a two-variable linear programme
 *   gives the earliest and latest end s + 100·d, or shows that no line fits. The batch believes in
 *   straight progress once a task's answers fit over three readings spanning 15 points, and stops
 *   believing as soon as any task's answers (or its end) contradict a line: jumps, fast-then-slow,
 *   slow-then-fast and stalls all do within a few readings. Timing from the first `processing`
 *   answer rather than from creation is what keeps "1 % after 8 s in a queue" from meaning 800 s.
 * - While the batch believes, a task is checked at the start of the batch's window (below), then
 *   at the earliest end its own line allows (placed so that the final check, Min Poll Interval
 *   later at the soonest, can still come within half a second of it), then just after the latest
 *   end: about three checks. The paces of straight tasks bound the others' lines (widened the fewer
 *   they are: k tasks give [min·k/(k+1), max·(k+1)/k]), and so does their start offset when three
 *   or more agree on it within a second (all at creation, say; queues of different lengths do not).
 * - Otherwise progress is ignored and a task is checked through a window of plausible ends: from
 *   the durations of finished tasks and the lines of straight ones (widened the same way, never
 *   less than ±10 %), else [0.75, 1.5] × the estimate. First check at the window's start, then
 *   every 1.75 × Min Poll Interval inside it ("due": the gap stays short); past its end the gap
 *   stays that short for a grace period (a quarter of the expected duration, at least 5 s) and only
 *   then grows, by a quarter of the overrun, up to Poll Interval.
 * - Scouts: the first created task of every twenty (at least one, at most eight) checks at a
 *   bounded gap (a fifth of the estimate for three checks, then half its age, within the
 *   intervals) until a task has finished, and until the batch trusts lines and its own answers have
 *   settled whether they are straight. Scouts catch an estimate far too long, and find out early
 *   whether progress means anything; when the batch learns something, every task is re-planned.
 * - Learning across the batch: tasks of a batch share a model and settings, so what finished and
 *   running tasks show (how long they took, whether progress stayed straight, its pace and start)
 *   plans the others. Gaps count from a task's last check, so re-planning never starves one.
 *
 * The rate: one budget for the batch (Max Status Requests per Second, default 100: a guard rail
 * that a batch of 200 does not reach on average, see the README). Checks expected to find a task
 * done go first, then in-window ones, late ones, and exploring ones. A 429 pauses every check for
 * Retry-After (or a backoff), halves the rate, which then recovers by about one request per second
 * for every second of answered requests.
 */
import { sleep } from 'n8n-workflow';

import type { EvolinkTask } from '../rules/answers';
import { isCompleted, isFailed } from '../rules/answers';
import type { TaskReader } from '../transport/client';
import { EvolinkFailure } from '../transport/failure';
import { backoffMs } from '../transport/http';
import { BatchSchedule, EXISTING_TASK_START_SLACK_MS, type PollOptions } from './pollPlan';

export type { PollOptions, PollTrack, Plan, Reading } from './pollPlan';
export { BatchKnowledge, BatchSchedule, RateLimiter, AdaptiveRate, fitLinear, planNextPoll } from './pollPlan';

export interface WaitEntry {
	/** The input item the task belongs to. */
	itemIndex: number;
	taskId: string;
	/** When the task was created (this machine's clock, ms): the create request's send time. */
	startedAt: number;
	/** Evolink's `estimated_time`, in ms. */
	estimatedMs?: number;
	/** Ask at once instead of planning (an existing task of unknown state). */
	pollNow?: boolean;
}

export type WaitOutcome =
	| { state: 'completed'; task: EvolinkTask; polls: number }
	| { state: 'failed'; task: EvolinkTask; polls: number }
	| { state: 'timeout'; taskId: string; lastStatus?: string; waitedMs: number; polls: number }
	| { state: 'error'; taskId: string; failure: EvolinkFailure; polls: number }
	| { state: 'cancelled'; taskId: string; polls: number };

const MAX_CONSECUTIVE_FAILURES = 5;
/** Status requests in flight at once, whatever the rate allows. */
const MAX_IN_FLIGHT = 32;
/** The loop wakes at least this often, to notice a cancel. */
const MAX_IDLE_SLICE_MS = 200;
/** Added to half the round trip when bounding when Evolink computed an answer. */
const ANSWER_SLACK_MS = 5;

/** Waits until every task is completed, failed, timed out or the execution is cancelled. */
export async function waitForTasks(
	client: TaskReader,
	entries: WaitEntry[],
	options: PollOptions,
	/** Called once per task as soon as its outcome is known (e.g. to start downloading). */
	onSettled?: (itemIndex: number, outcome: WaitOutcome) => void,
): Promise<Map<number, WaitOutcome>> {
	const outcomes = new Map<number, WaitOutcome>();
	const waitStart = Date.now();
	const schedule = new BatchSchedule(
		entries.map((entry) => ({ createdAt: entry.startedAt, estimatedMs: entry.estimatedMs, pollNow: entry.pollNow })),
		options,
		waitStart,
	);
	const failures = entries.map(() => 0);
	const lastStatus: Array<string | undefined> = entries.map(() => undefined);
	const inFlight = new Set<Promise<void>>();

	const settle = (index: number, outcome: WaitOutcome) => {
		const { itemIndex } = entries[index];
		if (outcomes.has(itemIndex)) return;
		outcomes.set(itemIndex, outcome);
		onSettled?.(itemIndex, outcome);
	};
	const polls = (index: number) => schedule.tasks[index].polls;
	const timedOut = (index: number, now: number) => {
		schedule.close(index);
		settle(index, { state: 'timeout', taskId: entries[index].taskId, lastStatus: lastStatus[index], waitedMs: now - waitStart, polls: polls(index) });
	};

	const poll = async (index: number) => {
		const entry = entries[index];
		const sentAt = Date.now();
		try {
			const task = await client.getTask(entry.taskId, 0);
			const now = Date.now();
			failures[index] = 0;
			lastStatus[index] = task.status;
			if (entry.pollNow && polls(index) === 1 && typeof task.created === 'number') {
				// An existing task: its own creation time (Evolink's clock, in seconds) is the best start we have.
				const created = task.created * 1000;
				if (created <= now && now - created < 86_400_000) schedule.setCreatedAt(index, created, EXISTING_TASK_START_SLACK_MS);
			}
			if (isCompleted(task.status)) {
				schedule.completed(index, (sentAt + now) / 2);
				return settle(index, { state: 'completed', task, polls: polls(index) });
			}
			if (isFailed(task.status)) {
				schedule.close(index);
				return settle(index, { state: 'failed', task, polls: polls(index) });
			}
			if (now >= schedule.tasks[index].deadline) return timedOut(index, now);
			const estimate = task.task_info?.estimated_time;
			schedule.answered(
				index,
				{
					at: (sentAt + now) / 2,
					slackMs: (now - sentAt) / 2 + ANSWER_SLACK_MS,
					status: task.status.toLowerCase() === 'pending' ? 'pending' : 'processing',
					progress: typeof task.progress === 'number' && Number.isFinite(task.progress) ? Math.max(0, Math.min(100, Math.floor(task.progress))) : 0,
				},
				now,
				typeof estimate === 'number' && estimate > 0 ? estimate * 1000 : undefined,
			);
		} catch (error) {
			const now = Date.now();
			if (!(error instanceof EvolinkFailure)) {
				// Not a failed request but a fault of ours: end this task's wait, keep its id.
				const failure = new EvolinkFailure({
					kind: 'invalid-response',
					apiMessage: (error as Error).message,
					method: 'GET',
					path: `/v1/tasks/${entry.taskId}`,
				});
				schedule.close(index);
				return settle(index, { state: 'error', taskId: entry.taskId, failure, polls: polls(index) });
			}
			const { details } = error;
			if (details.kind === 'cancelled') return schedule.retryAt(index, now);
			if (details.status === 401) {
				// A rejected key fails every task alike: stop asking.
				schedule.tasks.forEach((task, other) => {
					if (task.closed) return;
					schedule.close(other);
					settle(other, { state: 'error', taskId: entries[other].taskId, failure: error, polls: polls(other) });
				});
				return;
			}
			if (details.status === 429) {
				// Evolink asked the whole account to slow down: every check waits, and the batch's rate halves.
				const until = now + backoffMs(failures[index], details.retryAfterMs);
				if (until >= schedule.tasks[index].deadline) return timedOut(index, now);
				schedule.limited(index, until);
				return;
			}
			failures[index] += 1;
			if (error.retryable && failures[index] <= MAX_CONSECUTIVE_FAILURES) {
				if (now >= schedule.tasks[index].deadline) return timedOut(index, now);
				schedule.retryAt(index, now + backoffMs(failures[index] - 1));
				return;
			}
			schedule.close(index);
			settle(index, { state: 'error', taskId: entry.taskId, failure: error, polls: polls(index) });
		}
	};

	while (outcomes.size < entries.length) {
		if (client.isCancelled()) break;
		const { start, wakeAt } = schedule.take(Date.now(), MAX_IN_FLIGHT - inFlight.size);
		for (const { index, release } of start) {
			const running: Promise<void> = poll(index).finally(() => {
				release(Date.now());
				inFlight.delete(running);
			});
			inFlight.add(running);
		}
		if (outcomes.size >= entries.length) break;
		const idle = Math.max(1, Math.min(wakeAt - Date.now(), MAX_IDLE_SLICE_MS));
		await Promise.race([sleep(idle), ...inFlight]);
	}
	if (inFlight.size) await Promise.allSettled([...inFlight]);
	schedule.tasks.forEach((task, index) => {
		if (!outcomes.has(entries[index].itemIndex)) settle(index, { state: 'cancelled', taskId: entries[index].taskId, polls: task.polls });
	});
	return outcomes;
}
