/**
 * The poller's planning, pure and synchronous (no I/O, no clock): what a batch has learnt, when to
 * ask about each task next, and how fast the batch may ask. engine/poller.ts explains the design
 * and runs it; the unit tests feed readings here and check the plans.
 *
 * Times are milliseconds on this machine's clock.
 */

export interface PollOptions {
	/** The least time between two status requests for one task. */
	minIntervalMs: number;
	/** The most time between two status requests while nothing bounds a task's end. */
	maxIntervalMs: number;
	/** How long to wait for each task, counted from the start of the wait. */
	timeoutMs: number;
	/** Cap on status requests per second across the whole batch (429s lower it at run time). */
	maxRequestsPerSecond: number;
}

/** One answer that said the task is not finished. */
export interface Reading {
	/** The middle of the request's round trip. */
	at: number;
	/** Evolink computed the answer within at ± slackMs (half the round trip, plus a margin). */
	slackMs: number;
	status: 'pending' | 'processing';
	/** Integer 0–100 as reported; only a hint. */
	progress: number;
}

/** The scheduler's view of one task. */
export interface PollTrack {
	/** When the task was created (our clock; for an existing task, Evolink's `created`). */
	createdAt: number;
	/** Evolink's `estimated_time`, in ms: an example value in the docs, only a hint. */
	estimatedMs?: number;
	/** Every unfinished answer, oldest first. */
	readings: Reading[];
	lastPollAt?: number;
	/** A scout keeps checking at a bounded gap while the batch knows nothing firmer than the estimate. */
	scout?: boolean;
	/** How much earlier than createdAt its progress may have started (clock skew for an existing task). */
	startSlackMs?: number;
}

/**
 * Why a check is planned; under the rate cap the kinds are served in this order:
 * `done` expects to find the task finished, `window` falls where the task can end, `late` is a
 * task past every bound, `explore` only gathers evidence.
 */
export type CheckKind = 'done' | 'window' | 'late' | 'explore';
export const CHECK_PRIORITY: Record<CheckKind, number> = { done: 0, window: 1, late: 2, explore: 3 };

export interface Plan {
	at: number;
	kind: CheckKind;
}

/** Where a straight-progress task can end, and at what pace (ms per percent) it moves. */
export interface LinearFit {
	endLo: number;
	endHi: number;
	paceLo: number;
	paceHi: number;
	/** When its progress started counting. */
	startLo: number;
	startHi: number;
}

/** A window of end times, from the batch's history or the estimate. */
export interface EndWindow {
	lo: number;
	hi: number;
	source: 'finished' | 'progress' | 'estimate';
}

/** A final check this close after the latest possible end; covers timer and network jitter. */
export const SETTLE_MS = 25;
/** A window of possible ends this narrow gets one check, just after its end. */
export const PRECISION_MS = 500;
/** Inside a window that progress cannot narrow, checks come this many Min Poll Intervals apart. */
export const WINDOW_GAP_FACTOR = 1.75;
/** Before anything firmer is known, a task is expected in [0.75, 1.5] × its estimate. */
export const ESTIMATE_WINDOW: readonly [number, number] = [0.75, 1.5];
/** Windows from history get this much room on each side (10 %). */
const HISTORY_MARGIN = 0.1;
/** Progress counts as straight for a task after 3 answers spanning 15 points without contradiction. */
const ESTABLISH_READINGS = 3;
const ESTABLISH_SPAN = 15;
/** At most this many answers of a task enter its fit: the first two and the latest ones. */
const FIT_READINGS = 12;
/** Pace bounds of the linear model, ms per percent: 0.1 s to 28 hours per task. */
const PACE_MIN = 1;
const PACE_MAX = 1_000_000;
/** An existing task's `created` is Evolink's clock, in whole seconds: allow this much skew. */
export const EXISTING_TASK_START_SLACK_MS = 2000;

// ── The linear model ─────────────────────────────────────────────────────────────────────────

/** a·s + b·d ≤ c over s (start, ms after creation) and d (pace, ms per percent). */
type Constraint = [number, number, number];

interface Extremes {
	endMin: number;
	endMax: number;
	paceMin: number;
	paceMax: number;
	startMin: number;
	startMax: number;
}

/**
 * A two-variable linear programme solved by its vertices: the extremes of end = s + 100·d and of
 * d over the feasible polygon, or undefined when no (s, d) satisfies every constraint.
 */
function extremes(constraints: Constraint[]): Extremes | undefined {
	let found: Extremes | undefined;
	for (let i = 0; i < constraints.length; i++) {
		for (let j = i + 1; j < constraints.length; j++) {
			const [a1, b1, c1] = constraints[i];
			const [a2, b2, c2] = constraints[j];
			const det = a1 * b2 - a2 * b1;
			if (Math.abs(det) < 1e-12) continue;
			const s = (c1 * b2 - c2 * b1) / det;
			const d = (a1 * c2 - a2 * c1) / det;
			let feasible = true;
			for (const [a, b, c] of constraints) {
				if (a * s + b * d > c + 1e-6 * (Math.abs(c) + 1)) {
					feasible = false;
					break;
				}
			}
			if (!feasible) continue;
			const end = s + 100 * d;
			if (!found) found = { endMin: end, endMax: end, paceMin: d, paceMax: d, startMin: s, startMax: s };
			else {
				found.endMin = Math.min(found.endMin, end);
				found.endMax = Math.max(found.endMax, end);
				found.paceMin = Math.min(found.paceMin, d);
				found.paceMax = Math.max(found.paceMax, d);
				found.startMin = Math.min(found.startMin, s);
				found.startMax = Math.max(found.startMax, s);
			}
		}
	}
	return found;
}

/**
 * The task's end if its progress moves in a straight line from some start between its creation
 * and its first `processing` answer: each answer (t, p) says p·d ≤ t − s < (p + 1)·d if Evolink
 * floors the percentage, (p − ½)·d ≤ … if it may round it; `doneBy` says it had ended by then. Hard constraints decide whether the
 * model fits at all; the soft ones (processing started after the last `pending` answer, and the
 * pace the batch has seen) narrow it only where they agree with the answers.
 */
export function fitLinear(
	track: Pick<PollTrack, 'createdAt' | 'readings' | 'startSlackMs'>,
	options: {
		paceRange?: readonly [number, number];
		startRange?: readonly [number, number];
		doneBy?: number;
		/** `floor`: p ≤ 100·x < p + 1; `either` also allows rounding to nearest (p − ½ ≤ 100·x). */
		rounding?: 'floor' | 'either';
	} = {},
): LinearFit | undefined {
	const below = options.rounding === 'floor' ? 0 : 0.5;
	const c = track.createdAt;
	const all = track.readings.filter((r) => r.status === 'processing');
	if (!all.length) return undefined;
	const firstProcessing = all[0];
	// A line is pinned by its earliest and latest answers; leaving out the middle of a long wait only
	// loosens the fit (never contradicts it) and keeps the programme small.
	const processing = all.length > FIT_READINGS ? [...all.slice(0, 2), ...all.slice(-(FIT_READINGS - 2))] : all;
	const hard: Constraint[] = [
		[-1, 0, track.startSlackMs ?? 0],
		[1, 0, firstProcessing.at - c + firstProcessing.slackMs],
		[0, -1, -PACE_MIN],
		[0, 1, PACE_MAX],
	];
	for (const r of processing) {
		const t = r.at - c;
		if (r.progress >= 1) hard.push([1, r.progress - below, t + r.slackMs]);
		hard.push([-1, -(Math.min(r.progress, 99) + 1), -(t - r.slackMs)]);
	}
	if (options.doneBy !== undefined) hard.push([1, 100, options.doneBy - c]);
	if (!extremes(hard)) return undefined;

	let constraints = hard;
	const soft: Constraint[][] = [];
	const lastPending = [...track.readings].reverse().find((r) => r.status === 'pending' && r.at < firstProcessing.at);
	if (lastPending) soft.push([[-1, 0, -(lastPending.at - c - lastPending.slackMs)]]);
	if (options.startRange) {
		soft.push([
			[-1, 0, -options.startRange[0]],
			[1, 0, options.startRange[1]],
		]);
	}
	if (options.paceRange) {
		soft.push([
			[0, -1, -options.paceRange[0]],
			[0, 1, options.paceRange[1]],
		]);
	}
	for (const extra of soft) {
		const tried = [...constraints, ...extra];
		if (extremes(tried)) constraints = tried;
	}
	const found = extremes(constraints)!;
	return {
		endLo: c + found.endMin,
		endHi: c + found.endMax,
		paceLo: found.paceMin,
		paceHi: found.paceMax,
		startLo: c + found.startMin,
		startHi: c + found.startMax,
	};
}

/** Whether the task's answers have shown straight progress (enough of them, far enough apart). */
function establishes(track: Pick<PollTrack, 'readings'>): boolean {
	const moving = track.readings.filter((r) => r.status === 'processing' && r.progress >= 1);
	if (moving.length < ESTABLISH_READINGS) return false;
	return moving[moving.length - 1].progress - moving[0].progress >= ESTABLISH_SPAN;
}

// ── What the batch has learnt ─────────────────────────────────────────────────────────────────

/**
 * What one wait has learnt about its batch (tasks of one batch share a model and settings): how
 * long finished tasks took, whether progress has moved in straight lines, and at what pace. Lives
 * only inside one waitForTasks call.
 */
export class BatchKnowledge {
	/** Finished tasks: bounds of their duration, from creation. */
	private readonly durations: Array<{ lo: number; hi: number }> = [];
	/** Running tasks whose answers establish straight progress: their fit, ends relative to creation. */
	private readonly straight = new Map<PollTrack, LinearFit>();
	/** Fits of finished tasks that were straight to the end (relative to creation). */
	private readonly finishedFits: LinearFit[] = [];
	/** Tasks whose answers contradict straight progress. */
	private readonly bent = new Set<PollTrack>();
	private readonly estimates: number[] = [];
	/** Whether some task's answers showed progress rounded to nearest rather than floored. */
	private rounded = false;
	private signature = '';
	/** Grows whenever what the batch knows changes enough to re-plan every task. */
	version = 0;

	/** A task's estimate, for tasks that give none themselves. */
	noteEstimate(ms: number | undefined): void {
		if (ms !== undefined && ms > 0) this.estimates.push(ms);
	}

	/** The task's own estimate, else the batch's median one. */
	estimateFor(track: PollTrack): number | undefined {
		if (track.estimatedMs !== undefined) return track.estimatedMs;
		if (!this.estimates.length) return undefined;
		const sorted = [...this.estimates].sort((a, b) => a - b);
		return sorted[Math.floor(sorted.length / 2)];
	}

	/** After an unfinished answer: does this task show straight progress, or contradict it? */
	observe(track: PollTrack): void {
		this.classify(track);
		this.touch();
	}

	/** A completed task: its duration, and one last test of the straight-line model. */
	finish(track: PollTrack, doneAt: number): void {
		const lastNotDone = track.readings.length ? track.readings[track.readings.length - 1].at : track.createdAt;
		this.durations.push({ lo: lastNotDone - track.createdAt, hi: doneAt - track.createdAt });
		this.classify(track, doneAt);
		this.straight.delete(track);
		this.touch();
	}

	/** A task that left the batch without completing (failed, timed out): it teaches no duration. */
	forget(track: PollTrack): void {
		if (this.straight.delete(track)) this.touch();
	}

	/** How the batch's progress integers behave: floored until some answers show otherwise. */
	rounding(): 'floor' | 'either' {
		return this.rounded ? 'either' : 'floor';
	}

	/** `yes` once some task showed straight progress and none contradicted it; `no` after any contradiction. */
	linear(): 'yes' | 'no' | 'unknown' {
		if (this.bent.size) return 'no';
		return this.straight.size || this.finishedFits.length ? 'yes' : 'unknown';
	}

	/**
	 * Whether a scout should keep exploring: until a task has finished, while the batch knows
	 * nothing firmer than the estimate, or while this scout's own answers have not yet settled
	 * whether its progress is straight (so that several tasks vouch for the batch).
	 */
	exploring(scout: PollTrack): boolean {
		if (this.durations.length) return false;
		return this.linear() !== 'yes' || !(this.straight.has(scout) || this.bent.has(scout));
	}

	/**
	 * The pace (ms per percent) straight tasks of this batch have shown, widened the more the fewer
	 * they are (k tasks: [min·k/(k+1), max·(k+1)/k]); only while progress is straight.
	 */
	paceRange(): [number, number] | undefined {
		const fits = this.straightFits();
		if (!fits.length) return undefined;
		const k = fits.length;
		return [(Math.min(...fits.map((f) => f.paceLo)) * k) / (k + 1), (Math.max(...fits.map((f) => f.paceHi)) * (k + 1)) / k];
	}

	/**
	 * When straight tasks' progress starts counting, relative to their creation, if the batch agrees
	 * on it: three or more straight tasks whose starts lie within a second of each other (say, all at
	 * creation), widened by 300 ms. Tasks that queue for different times give none: one task's queue
	 * says nothing about the next one's.
	 */
	startRange(): [number, number] | undefined {
		const fits = this.straightFits();
		if (fits.length < 3) return undefined;
		const lo = Math.min(...fits.map((f) => f.startLo));
		const hi = Math.max(...fits.map((f) => f.startHi));
		if (hi - lo > 1000) return undefined;
		return [lo - 300, hi + 300];
	}

	private straightFits(): LinearFit[] {
		if (this.linear() !== 'yes') return [];
		return [...this.finishedFits, ...this.straight.values()];
	}

	/**
	 * Where this task can end, from the firmest source: finished tasks' durations (with the
	 * straight-progress predictions of running ones), else those predictions alone, else the
	 * estimate.
	 */
	window(track: PollTrack): EndWindow | undefined {
		const c = track.createdAt;
		const predictions = this.linear() === 'yes' ? [...this.straight.values()] : [];
		const k = this.durations.length + predictions.length;
		if (k) {
			// The next task may well be shorter than the k seen so far (odds 1 in k + 1): the fewer
			// they are, the wider the window, and never narrower than ±10 %.
			const lo = Math.min(...this.durations.map((d) => d.lo), ...predictions.map((p) => p.endLo));
			const hi = Math.max(...this.durations.map((d) => d.hi), ...predictions.map((p) => p.endHi));
			const source = this.durations.length ? 'finished' : 'progress';
			return { lo: c + lo * Math.min(1 - HISTORY_MARGIN, k / (k + 1)), hi: c + hi * Math.max(1 + HISTORY_MARGIN, (k + 1) / k), source };
		}
		const estimate = this.estimateFor(track);
		if (estimate === undefined) return undefined;
		return { lo: c + estimate * ESTIMATE_WINDOW[0], hi: c + estimate * ESTIMATE_WINDOW[1], source: 'estimate' };
	}

	private classify(track: PollTrack, doneAt?: number): void {
		if (this.bent.has(track)) return;
		const moving = track.readings.filter((r) => r.status === 'processing' && r.progress >= 1).length;
		const fit = fitLinear(track, { doneBy: doneAt, rounding: 'either' });
		if (fit && !this.rounded && !fitLinear(track, { doneBy: doneAt, rounding: 'floor' })) this.rounded = true;
		if (!fit) {
			// Answers (or answers and the end) that no straight line joins.
			if (moving >= 2 || (moving >= 1 && doneAt !== undefined)) {
				this.bent.add(track);
				this.straight.delete(track);
			}
			return;
		}
		if (!establishes(track)) return;
		const c = track.createdAt;
		const relative: LinearFit = {
			endLo: fit.endLo - c,
			endHi: fit.endHi - c,
			paceLo: fit.paceLo,
			paceHi: fit.paceHi,
			startLo: fit.startLo - c,
			startHi: fit.startHi - c,
		};
		if (doneAt !== undefined) this.finishedFits.push(relative);
		else this.straight.set(track, relative);
	}

	/** Bumps the version when the facts that plans read have moved (to a 2 % grain). */
	private touch(): void {
		const grain = (x: number) => Math.sign(x) * Math.round(Math.log1p(Math.abs(x)) / Math.log(1.02));
		const durations = this.durations.length ? [Math.min(...this.durations.map((d) => d.lo)), Math.max(...this.durations.map((d) => d.hi))] : [];
		const fits = [...this.straight.values()];
		const predicted = fits.length ? [Math.min(...fits.map((p) => p.endLo)), Math.max(...fits.map((p) => p.endHi))] : [];
		const signature = [this.linear(), this.rounding(), ...durations, ...predicted, ...(this.paceRange() ?? []), ...(this.startRange() ?? [])].map((x) => (typeof x === 'number' ? grain(x) : x)).join(',');
		if (signature !== this.signature) {
			this.signature = signature;
			this.version += 1;
		}
	}
}

// ── Planning one task ─────────────────────────────────────────────────────────────────────────

/** The gap inside a window that progress cannot narrow. */
export function windowGap(options: PollOptions): number {
	return Math.min(options.maxIntervalMs, WINDOW_GAP_FACTOR * options.minIntervalMs);
}

/**
 * A scout's gap while the batch explores: a fifth of the estimate for its first three checks (so
 * that three answers can show straight progress, or its absence, early), then half the task's
 * age; within the intervals.
 */
function scoutGap(track: PollTrack, options: PollOptions, estimate: number | undefined, ref: number): number {
	const byEstimate = estimate === undefined ? options.maxIntervalMs : 0.2 * estimate;
	const gap = Math.min(options.maxIntervalMs, Math.max(options.minIntervalMs, byEstimate));
	return track.readings.length < ESTABLISH_READINGS ? gap : Math.max(gap, 0.5 * (ref - track.createdAt));
}

/**
 * With a straight-line fit: one check just after its latest end once the window is that precise.
 * Otherwise a check that narrows it, placed so that the final check (Min Poll Interval later at
 * the soonest) can still come within PRECISION_MS of the earliest end: the task cannot be done
 * before then, and the answer pins its pace best so late. Too close for that, the window is
 * stepped through at Min Poll Interval.
 */
function planFromFit(fit: LinearFit, ref: number, options: PollOptions): Plan {
	const width = fit.endHi - fit.endLo;
	if (width <= PRECISION_MS) return { at: fit.endHi + SETTLE_MS, kind: 'done' };
	const narrowAt = fit.endLo - Math.max(0, options.minIntervalMs - PRECISION_MS) - (fit.paceHi > options.minIntervalMs ? fit.paceHi : 0);
	if (narrowAt >= ref + options.minIntervalMs) return { at: narrowAt, kind: 'window' };
	if (width <= options.minIntervalMs) return { at: fit.endHi + SETTLE_MS, kind: 'done' };
	return { at: Math.max(ref + options.minIntervalMs, fit.endLo + PRECISION_MS), kind: 'window' };
}

/**
 * With only a window of possible ends: first check at its start, then a short steady gap through
 * it, and past its end the same gap for a grace period (a quarter of the expected duration, at
 * least 5 s) before the gap grows, by a quarter of the time overrun, up to Poll Interval.
 */
function planFromWindow(window: EndWindow, track: PollTrack, ref: number, options: PollOptions): Plan {
	const gap = windowGap(options);
	// The first check of a task goes to the window's start (at once if that has passed).
	if (track.lastPollAt === undefined || ref + gap < window.lo) return { at: window.lo, kind: 'window' };
	if (ref < window.hi) return { at: ref + gap, kind: 'window' };
	const overrun = ref - window.hi;
	const grace = Math.max(5000, 0.25 * (window.hi - track.createdAt));
	if (overrun < grace) return { at: ref + gap, kind: 'late' };
	return { at: ref + Math.min(options.maxIntervalMs, gap + 0.25 * (overrun - grace)), kind: 'late' };
}

/** Nothing bounds the end (no estimate, no history, no straight progress): double the gap up to Poll Interval. */
function planBlind(track: PollTrack, ref: number, options: PollOptions): Plan {
	const gap = Math.min(options.maxIntervalMs, options.minIntervalMs * 2 ** Math.min(20, track.readings.length));
	return { at: ref + gap, kind: 'late' };
}

/**
 * When to ask about a task next, from its own answers and what the batch has learnt. Gaps count
 * from the task's last check (so re-planning never starves a task); never sooner than Min Poll
 * Interval after it.
 */
export function planNextPoll(track: PollTrack, batch: BatchKnowledge, now: number, options: PollOptions): Plan {
	// Gaps count from the last check (from creation before the first), never from `now`: re-planning
	// when the batch learns something must not push a task's check further away.
	const ref = track.lastPollAt ?? track.createdAt;
	const floor = track.lastPollAt === undefined ? now : track.lastPollAt + options.minIntervalMs;
	const processing = track.readings.some((r) => r.status === 'processing');
	let plan: Plan | undefined;
	if (processing && batch.linear() === 'yes') {
		const fit = fitLinear(track, { paceRange: batch.paceRange(), startRange: batch.startRange(), rounding: batch.rounding() });
		if (fit) plan = planFromFit(fit, ref, options);
	}
	if (!plan) {
		const window = batch.window(track);
		plan = window ? planFromWindow(window, track, ref, options) : planBlind(track, ref, options);
	}
	if (track.scout && batch.exploring(track)) {
		const gap = scoutGap(track, options, batch.estimateFor(track), ref);
		if (plan.at > ref + gap) plan = { at: ref + gap, kind: 'explore' };
	}
	return { at: Math.max(plan.at, floor), kind: plan.kind };
}

// ── The batch's pace ──────────────────────────────────────────────────────────────────────────

/**
 * The batch's request rate, adapting to 429s: halved on each (at least 1 per second), then
 * raised by about one request per second for every second of answered requests, back up to the cap.
 */
export class AdaptiveRate {
	private rate: number;

	constructor(private readonly cap: number) {
		this.rate = cap;
	}

	get current(): number {
		return this.rate;
	}

	limited(): void {
		this.rate = Math.max(1, this.rate / 2);
	}

	answered(): void {
		this.rate = Math.min(this.cap, this.rate + 1 / Math.max(1, this.rate));
	}
}

/**
 * At most `perSecond()` status requests in any second, as Evolink sees them arrive. A slot is held
 * while its request is in flight and for one second after its answer: the next request then
 * reaches Evolink at least a second after the one it replaces, however long the client took to
 * send either.
 */
export class RateLimiter {
	private readonly slots: Array<{ freeAt: number }> = [];
	private readonly perSecond: () => number;

	constructor(perSecond: number | (() => number)) {
		this.perSecond = typeof perSecond === 'number' ? () => perSecond : perSecond;
	}

	/** A release function to call when the answer arrives, or how long to wait for a slot. */
	acquire(now: number): { release: (answeredAt: number) => void } | { waitMs: number } {
		for (let i = this.slots.length - 1; i >= 0; i--) if (this.slots[i].freeAt <= now) this.slots.splice(i, 1);
		if (this.slots.length < Math.max(1, Math.floor(this.perSecond()))) {
			const slot = { freeAt: Infinity };
			this.slots.push(slot);
			return { release: (answeredAt: number) => (slot.freeAt = answeredAt + 1000) };
		}
		return { waitMs: Math.min(...this.slots.map((slot) => slot.freeAt)) - now };
	}
}

// ── The batch's schedule ──────────────────────────────────────────────────────────────────────

export interface ScheduledTask {
	track: PollTrack;
	/** When to ask next (ms), and why. */
	nextAt: number;
	kind: CheckKind;
	deadline: number;
	inFlight: boolean;
	/** Finished, failed, timed out or given up: no more checks. */
	closed: boolean;
	polls: number;
}

export interface ScheduleEntry {
	createdAt: number;
	estimatedMs?: number;
	/** Ask at once (an existing task of unknown state). */
	pollNow?: boolean;
}

/** Scouts per batch: about one in twenty tasks, at least one, at most eight; the first created ones. */
export function scoutCount(tasks: number): number {
	return Math.min(8, Math.max(1, Math.ceil(tasks / 20)));
}

/**
 * The whole batch's schedule, without I/O: which checks are due, in what order, under the rate
 * cap and 429 pauses; re-plans every task when the batch learns something. The poller feeds it
 * answers and sends the requests it picks; the replay tests feed it a simulated clock.
 */
export class BatchSchedule {
	readonly knowledge = new BatchKnowledge();
	readonly tasks: ScheduledTask[];
	readonly rate: AdaptiveRate;
	private readonly limiter: RateLimiter;
	private pausedUntil = 0;
	private plannedVersion = 0;

	constructor(
		entries: ScheduleEntry[],
		private readonly options: PollOptions,
		now: number,
	) {
		this.rate = new AdaptiveRate(Math.max(1, options.maxRequestsPerSecond));
		this.limiter = new RateLimiter(() => this.rate.current);
		const scouts = new Set(
			entries
				.map((entry, index) => ({ entry, index }))
				.sort((a, b) => a.entry.createdAt - b.entry.createdAt || a.index - b.index)
				.slice(0, scoutCount(entries.length))
				.map((e) => e.index),
		);
		for (const entry of entries) this.knowledge.noteEstimate(entry.estimatedMs);
		this.tasks = entries.map((entry, index) => ({
			track: { createdAt: entry.createdAt, estimatedMs: entry.estimatedMs, readings: [], scout: scouts.has(index) },
			nextAt: now,
			kind: 'explore' as CheckKind,
			deadline: now + options.timeoutMs,
			inFlight: false,
			closed: false,
			polls: 0,
		}));
		this.tasks.forEach((task, index) => {
			if (!entries[index].pollNow) this.plan(task, now);
		});
		this.plannedVersion = this.knowledge.version;
	}

	get open(): ScheduledTask[] {
		return this.tasks.filter((t) => !t.closed);
	}

	/**
	 * The checks to send now, most urgent first (expected-done, then in-window, then late, then
	 * exploring; earliest due first within a kind), each with its rate slot to release when the
	 * answer arrives; and when to look again.
	 */
	take(now: number, maxInFlight = Infinity): { start: Array<{ index: number; release: (answeredAt: number) => void }>; wakeAt: number } {
		if (this.knowledge.version !== this.plannedVersion) {
			this.plannedVersion = this.knowledge.version;
			for (const task of this.open) if (!task.inFlight) this.plan(task, now);
		}
		const start: Array<{ index: number; release: (answeredAt: number) => void }> = [];
		let wakeAt = Infinity;
		let inFlight = this.tasks.filter((t) => t.inFlight).length;
		const due = this.tasks
			.map((task, index) => ({ task, index }))
			.filter(({ task }) => !task.closed && !task.inFlight && task.nextAt <= now)
			.sort((a, b) => CHECK_PRIORITY[a.task.kind] - CHECK_PRIORITY[b.task.kind] || a.task.nextAt - b.task.nextAt);
		for (const { task, index } of due) {
			if (now < this.pausedUntil) {
				wakeAt = this.pausedUntil;
				break;
			}
			if (inFlight >= maxInFlight) break;
			const slot = this.limiter.acquire(now);
			if ('waitMs' in slot) {
				// Infinity while every slot is in flight: an answer wakes the loop.
				wakeAt = now + slot.waitMs;
				break;
			}
			task.inFlight = true;
			task.polls += 1;
			inFlight += 1;
			start.push({ index, release: slot.release });
		}
		for (const task of this.open) {
			if (!task.inFlight && task.nextAt > now) wakeAt = Math.min(wakeAt, Math.max(task.nextAt, this.pausedUntil));
		}
		return { start, wakeAt };
	}

	/** An answer that says the task is not finished yet. */
	answered(index: number, reading: Reading, now: number, estimatedMs?: number): void {
		const task = this.tasks[index];
		task.inFlight = false;
		this.rate.answered();
		if (task.closed) return;
		if (task.track.estimatedMs === undefined && estimatedMs !== undefined && estimatedMs > 0) task.track.estimatedMs = estimatedMs;
		task.track.readings.push(reading);
		task.track.lastPollAt = reading.at;
		this.knowledge.observe(task.track);
		this.plan(task, now);
	}

	/** The task completed (seen at `doneAt`): the batch learns its duration. */
	completed(index: number, doneAt: number): void {
		const task = this.tasks[index];
		task.inFlight = false;
		this.rate.answered();
		if (task.closed) return;
		task.closed = true;
		this.knowledge.finish(task.track, doneAt);
	}

	/** The task left the wait without completing (failed, timed out, error, cancelled). */
	close(index: number): void {
		const task = this.tasks[index];
		task.inFlight = false;
		if (task.closed) return;
		task.closed = true;
		this.knowledge.forget(task.track);
	}

	/** A transient failure: ask again at `at`. */
	retryAt(index: number, at: number): void {
		const task = this.tasks[index];
		task.inFlight = false;
		task.nextAt = Math.min(at, task.deadline);
	}

	/** Evolink answered 429: every check waits until `until`, and the batch's rate halves. */
	limited(index: number, until: number): void {
		const task = this.tasks[index];
		task.inFlight = false;
		this.rate.limited();
		this.pausedUntil = Math.max(this.pausedUntil, until);
		task.nextAt = Math.min(Math.max(task.nextAt, this.pausedUntil), task.deadline);
	}

	/** An existing task's own creation time (Evolink's clock), learnt from its first answer. */
	setCreatedAt(index: number, createdAt: number, slackMs: number): void {
		this.tasks[index].track.createdAt = createdAt;
		this.tasks[index].track.startSlackMs = slackMs;
	}

	private plan(task: ScheduledTask, now: number): void {
		const plan = planNextPoll(task.track, this.knowledge, now, this.options);
		task.nextAt = Math.min(plan.at, task.deadline);
		task.kind = plan.kind;
	}
}
