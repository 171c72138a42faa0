/**
 * Waits for many Evolink tasks with one scheduler: a single loop owns every pending task, asks
 * for a task's status only when the answer can have changed, keeps all status requests under
 * one rate cap, pauses every poll when Evolink answers 429, and stops at once when the
 * execution is cancelled. Nothing is kept between executions.
 */
import { sleep } from 'n8n-workflow';

import type { EvolinkTask } from '../rules/answers';
import { isCompleted, isFailed } from '../rules/answers';
import type { TaskReader } from '../transport/client';
import { EvolinkFailure } from '../transport/failure';
import { backoffMs } from '../transport/http';

export interface PollOptions {
	/** The least time between two status requests for one task. */
	minIntervalMs: number;
	/** The most time between two status requests while a task is late or gives no estimate. */
	maxIntervalMs: number;
	/** How long to wait for each task, counted from the start of the wait. */
	timeoutMs: number;
	/** Cap on status requests per second across the whole batch. */
	maxRequestsPerSecond: number;
}

export interface WaitEntry {
	/** The input item the task belongs to. */
	itemIndex: number;
	taskId: string;
	/** When the task started, on this machine's clock (ms). */
	startedAt: number;
	/** Evolink's `estimated_time`, in ms. */
	estimatedMs?: number;
	/** Ask at once instead of waiting for the estimate (an existing task of unknown state). */
	pollNow?: boolean;
}

export type WaitOutcome =
	| { state: 'completed'; task: EvolinkTask; polls: number }
	| { state: 'failed'; task: EvolinkTask; polls: number }
	| { state: 'timeout'; taskId: string; lastStatus?: string; waitedMs: number; polls: number }
	| { state: 'error'; taskId: string; failure: EvolinkFailure; polls: number }
	| { state: 'cancelled'; taskId: string; polls: number };

/** The scheduler's view of one task. Exported for the planning unit tests. */
export interface PollTrack {
	startedAt: number;
	estimatedMs?: number;
	lastPollAt?: number;
	lastStatus?: string;
	lastProgress?: number;
	/** The end the previous plan expected; polling past it counts as running late. */
	predictedEndAt?: number;
	latePolls: number;
	/**
	 * True when the planned check is expected to find the task done; false for checks that only
	 * sharpen the estimate. Under the rate cap, expected-done checks go first.
	 */
	expectsDone?: boolean;
}

/** A window this narrow needs no further narrowing before the final poll. */
const PRECISION_MS = 300;
/** Asked a hair after the latest possible end, so the task is surely done. */
const SETTLE_MS = 25;
const MAX_CONSECUTIVE_FAILURES = 5;
const MAX_IN_FLIGHT = 10;
const MAX_IDLE_SLICE_MS = 200;

/**
 * When to ask about a task next. Evolink reports integer `progress`, so one answer bounds the
 * end of a task that progresses steadily: it lies between elapsed·100/(p+1) and elapsed·100/p.
 * The plan narrows that window once (near 90 %), then asks just after its latest end; without
 * progress it aims at half the way to the estimate; a task past its expected end is asked
 * again after a growing pause, from the floor up to the maximum interval.
 */
export function planNextPoll(track: PollTrack, now: number, options: PollOptions): number {
	const floor = track.lastPollAt === undefined ? now : track.lastPollAt + options.minIntervalMs;
	const late = track.predictedEndAt !== undefined && track.lastPollAt !== undefined && track.lastPollAt >= track.predictedEndAt;
	let at: number | undefined;
	track.expectsDone = true;

	const progress = track.lastProgress ?? 0;
	const elapsed = (track.lastPollAt ?? now) - track.startedAt;
	if (progress > 0 && progress < 100 && elapsed > 0 && track.lastStatus !== 'pending') {
		const latestEnd = track.startedAt + (elapsed * 100) / progress;
		const earliestEnd = track.startedAt + (elapsed * 100) / (progress + 1);
		if (latestEnd > now) {
			track.predictedEndAt = latestEnd;
			const refineAt = track.startedAt + (earliestEnd - track.startedAt) * 0.9;
			const worthRefining = progress < 80 && latestEnd - earliestEnd > PRECISION_MS && refineAt > floor;
			at = worthRefining ? refineAt : latestEnd + SETTLE_MS;
			track.expectsDone = !worthRefining;
		}
	}
	if (at === undefined) {
		const expectedEnd = track.predictedEndAt ?? (track.estimatedMs ? track.startedAt + track.estimatedMs : undefined);
		if (expectedEnd !== undefined && expectedEnd > now && !late) {
			const halfway = (expectedEnd - now) / 2;
			at = now + Math.min(options.maxIntervalMs, Math.max(options.minIntervalMs, halfway));
			track.expectsDone = false;
			if (expectedEnd - now <= 2 * options.minIntervalMs) {
				at = expectedEnd + SETTLE_MS;
				track.expectsDone = true;
			}
		}
	}
	if (late) {
		track.latePolls += 1;
		const backoff = Math.min(options.maxIntervalMs, options.minIntervalMs * 2 ** (track.latePolls - 1));
		at = Math.max(at ?? 0, now + backoff);
	}
	if (at === undefined) {
		track.latePolls += 1;
		at = now + Math.min(options.maxIntervalMs, options.minIntervalMs * 2 ** (track.latePolls - 1));
	}
	return Math.max(at, floor);
}

/**
 * At most `perSecond` status requests in any second, as Evolink sees them arrive. A slot is held
 * while its request is in flight and for one second after its answer: the next request then
 * reaches Evolink at least a second after the one it replaces, however long the client took to
 * send either.
 */
export class RateLimiter {
	private readonly slots: Array<{ freeAt: number }> = [];

	constructor(private readonly perSecond: number) {}

	/** A release function to call when the answer arrives, or how long to wait for a slot. */
	acquire(now: number): { release: (answeredAt: number) => void } | { waitMs: number } {
		for (let i = this.slots.length - 1; i >= 0; i--) if (this.slots[i].freeAt <= now) this.slots.splice(i, 1);
		if (this.slots.length < this.perSecond) {
			const slot = { freeAt: Infinity };
			this.slots.push(slot);
			return { release: (answeredAt: number) => (slot.freeAt = answeredAt + 1000) };
		}
		return { waitMs: Math.min(...this.slots.map((slot) => slot.freeAt)) - now };
	}
}

interface Track extends PollTrack {
	entry: WaitEntry;
	deadline: number;
	nextPollAt: number;
	inFlight: boolean;
	failures: number;
	polls: number;
}

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
	const tracks: Track[] = entries.map((entry) => {
		const track: Track = {
			entry,
			startedAt: entry.startedAt,
			estimatedMs: entry.estimatedMs,
			latePolls: 0,
			deadline: waitStart + options.timeoutMs,
			nextPollAt: waitStart,
			inFlight: false,
			failures: 0,
			polls: 0,
		};
		if (!entry.pollNow) track.nextPollAt = Math.min(planNextPoll(track, waitStart, options), track.deadline);
		return track;
	});
	const limiter = new RateLimiter(Math.max(1, options.maxRequestsPerSecond));
	const inFlight = new Set<Promise<void>>();
	let pausedUntil = 0;

	const settle = (track: Track, outcome: WaitOutcome) => {
		if (outcomes.has(track.entry.itemIndex)) return;
		outcomes.set(track.entry.itemIndex, outcome);
		onSettled?.(track.entry.itemIndex, outcome);
	};
	const open = () => tracks.filter((t) => !outcomes.has(t.entry.itemIndex));

	const poll = async (track: Track) => {
		const sentAt = Date.now();
		track.polls += 1;
		try {
			const task = await client.getTask(track.entry.taskId, 0);
			const now = Date.now();
			track.failures = 0;
			track.lastPollAt = Math.round((sentAt + now) / 2);
			track.lastStatus = task.status.toLowerCase();
			track.lastProgress = task.progress ?? undefined;
			if (track.entry.pollNow && track.polls === 1 && typeof task.created === 'number') {
				// An existing task: its own creation time (Evolink's clock, in seconds) is the best start we have.
				const created = task.created * 1000;
				if (created <= now && now - created < 86_400_000) track.startedAt = created;
			}
			const estimate = task.task_info?.estimated_time;
			if (track.estimatedMs === undefined && typeof estimate === 'number' && estimate > 0) {
				track.estimatedMs = estimate * 1000;
			}
			if (isCompleted(task.status)) return settle(track, { state: 'completed', task, polls: track.polls });
			if (isFailed(task.status)) return settle(track, { state: 'failed', task, polls: track.polls });
			if (now >= track.deadline) {
				return settle(track, {
					state: 'timeout',
					taskId: track.entry.taskId,
					lastStatus: task.status,
					waitedMs: now - waitStart,
					polls: track.polls,
				});
			}
			track.nextPollAt = Math.min(planNextPoll(track, now, options), track.deadline);
		} catch (error) {
			const now = Date.now();
			if (!(error instanceof EvolinkFailure)) {
				// Not a failed request but a fault of ours: end this task's wait, keep its id.
				const failure = new EvolinkFailure({
					kind: 'invalid-response',
					apiMessage: (error as Error).message,
					method: 'GET',
					path: `/v1/tasks/${track.entry.taskId}`,
				});
				return settle(track, { state: 'error', taskId: track.entry.taskId, failure, polls: track.polls });
			}
			const { details } = error;
			if (details.kind === 'cancelled') return;
			if (details.status === 401) {
				// A rejected key fails every task alike: stop asking.
				for (const other of open()) settle(other, { state: 'error', taskId: other.entry.taskId, failure: error, polls: other.polls });
				return;
			}
			const timedOut = () =>
				settle(track, {
					state: 'timeout',
					taskId: track.entry.taskId,
					lastStatus: track.lastStatus,
					waitedMs: now - waitStart,
					polls: track.polls,
				});
			if (details.status === 429) {
				// Evolink asked the whole account to slow down: every poll waits, not just this one.
				pausedUntil = Math.max(pausedUntil, now + backoffMs(track.failures, details.retryAfterMs));
				if (pausedUntil >= track.deadline) return timedOut();
				track.nextPollAt = pausedUntil;
				return;
			}
			track.failures += 1;
			if (error.retryable && track.failures <= MAX_CONSECUTIVE_FAILURES) {
				if (now >= track.deadline) return timedOut();
				track.nextPollAt = Math.min(now + backoffMs(track.failures - 1), track.deadline);
				return;
			}
			settle(track, { state: 'error', taskId: track.entry.taskId, failure: error, polls: track.polls });
		}
	};

	while (outcomes.size < tracks.length) {
		if (client.isCancelled()) break;
		const now = Date.now();
		// Checks expected to find a task done go before checks that only sharpen an estimate.
		const due = open()
			.filter((t) => !t.inFlight && t.nextPollAt <= now)
			.sort((a, b) => Number(b.expectsDone ?? true) - Number(a.expectsDone ?? true) || a.nextPollAt - b.nextPollAt);
		let wakeAt = Infinity;
		for (const track of due) {
			if (now < pausedUntil) {
				wakeAt = pausedUntil;
				break;
			}
			if (inFlight.size >= MAX_IN_FLIGHT) break;
			const slot = limiter.acquire(now);
			if ('waitMs' in slot) {
				// Infinity while every slot is in flight: an answer wakes the loop.
				wakeAt = now + slot.waitMs;
				break;
			}
			track.inFlight = true;
			const running: Promise<void> = poll(track).finally(() => {
				slot.release(Date.now());
				track.inFlight = false;
				inFlight.delete(running);
			});
			inFlight.add(running);
		}
		for (const track of open()) {
			if (!track.inFlight && track.nextPollAt > now) wakeAt = Math.min(wakeAt, Math.max(track.nextPollAt, pausedUntil));
		}
		if (outcomes.size >= tracks.length) break;
		const idle = Math.max(1, Math.min(wakeAt - Date.now(), MAX_IDLE_SLICE_MS));
		await Promise.race([sleep(idle), ...inFlight]);
	}
	if (inFlight.size) await Promise.allSettled([...inFlight]);
	for (const track of open()) settle(track, { state: 'cancelled', taskId: track.entry.taskId, polls: track.polls });
	return outcomes;
}
