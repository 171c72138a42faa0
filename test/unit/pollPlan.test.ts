/**
 * The poller's planning rules, as pure functions fed with readings (engine/pollPlan.ts), and the
 * whole batch schedule replayed on a simulated clock against the simulator's progress behaviours.
 * Virtual time only: nothing here sleeps or measures real time.
 */
import {
	AdaptiveRate,
	BatchKnowledge,
	BatchSchedule,
	type PollOptions,
	type PollTrack,
	RateLimiter,
	type Reading,
	fitLinear,
	planNextPoll,
} from '../../nodes/Evolink/engine/poller';
import { WINDOW_GAP_FACTOR, scoutCount } from '../../nodes/Evolink/engine/pollPlan';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS simulator module without typings
const { makeProgressPlan, progressAt, rng } = require('../simulator/progress');

const options: PollOptions = { minIntervalMs: 1000, maxIntervalMs: 5000, timeoutMs: 300_000, maxRequestsPerSecond: 100 };
const GAP = WINDOW_GAP_FACTOR * options.minIntervalMs;

const processing = (at: number, progress: number): Reading => ({ at, slackMs: 5, status: 'processing', progress });
const pending = (at: number): Reading => ({ at, slackMs: 5, status: 'pending', progress: 0 });

function track(readings: Reading[], partial: Partial<PollTrack> = {}): PollTrack {
	return { createdAt: 0, readings, lastPollAt: readings.length ? readings[readings.length - 1].at : undefined, ...partial };
}

/** Readings of a task whose progress is straight from creation to `end`. */
const straight = (end: number, ...times: number[]) => times.map((t) => processing(t, Math.floor((100 * t) / end)));

/** A batch that has seen three tasks move in straight lines from their creation. */
function straightBatch(): BatchKnowledge {
	const batch = new BatchKnowledge();
	for (const end of [18_000, 20_000, 22_000]) batch.observe(track(straight(end, 2000, 4000, 6000)));
	return batch;
}

describe('fitLinear: where a straight-progress task can end', () => {
	it('brackets the true end, and narrows as answers come in', () => {
		const one = fitLinear(track(straight(20_000, 5000)))!;
		expect(one.endLo).toBeLessThanOrEqual(20_000);
		expect(one.endHi).toBeGreaterThanOrEqual(20_000);
		const three = fitLinear(track(straight(20_000, 5000, 12_000, 18_500)))!;
		expect(three.endLo).toBeLessThanOrEqual(20_000);
		expect(three.endHi).toBeGreaterThanOrEqual(20_000);
		expect(three.endHi - three.endLo).toBeLessThan(400);
		expect(three.endHi - three.endLo).toBeLessThan((one.endHi - one.endLo) / 10);
	});

	it('allows for a queue: a task pending for 6 s, then straight over 14 s, is bracketed', () => {
		const p = (t: number) => Math.floor((100 * (t - 6000)) / 14_000);
		const fit = fitLinear(track([pending(2000), pending(5000), processing(9000, p(9000)), processing(15_000, p(15_000))]))!;
		expect(fit.endLo).toBeLessThanOrEqual(20_000);
		expect(fit.endHi).toBeGreaterThanOrEqual(20_000);
		expect(fit.endHi - fit.endLo).toBeLessThan(1500);
	});

	it('does not read "1 % after 8 s" as "done in 800 s": the earliest end stays near', () => {
		// The case: a task queued for 7.9 s, then 1 % at 8 s.
		const fit = fitLinear(track([pending(5000), processing(8000, 1)]))!;
		expect(fit.endLo).toBeLessThan(9000);
	});

	it('finds no line through jumps, a stall, or an end long before the line said', () => {
		expect(fitLinear(track([processing(4000, 10), processing(8000, 10), processing(12_000, 60)]))).toBeUndefined();
		expect(fitLinear(track([...straight(12_000, 3000, 6000, 9000), processing(14_000, 95)]))).toBeUndefined();
		expect(fitLinear(track(straight(20_000, 4000, 8000)), { doneBy: 12_000 })).toBeUndefined();
	});

	it('keeps a long wait small: of a thousand answers, the first two and the latest ten enter the fit', () => {
		const many = track(straight(3_600_000, ...Array.from({ length: 1000 }, (_, i) => 1000 + i * 3000)));
		const fit = fitLinear(many)!;
		expect(fit.endLo).toBeLessThanOrEqual(3_600_000);
		expect(fit.endHi).toBeGreaterThanOrEqual(3_600_000);
		expect(fitLinear(track([...many.readings, processing(3_005_000, 10)]))).toBeUndefined();
	});

	it('takes floor or rounding: 50 % read at 49.6 % of the way fits only if rounding is allowed', () => {
		const rounded = track([processing(4960, 50), processing(9940, 99)]);
		expect(fitLinear(rounded, { rounding: 'floor' })).toBeUndefined();
		expect(fitLinear(rounded, { rounding: 'either' })).toBeDefined();
	});
});

describe('BatchKnowledge: what the batch learns', () => {
	it('believes in straight progress after three answers spanning 15 points, and stops at any contradiction', () => {
		const batch = new BatchKnowledge();
		const a = track(straight(20_000, 2000, 4000));
		batch.observe(a);
		expect(batch.linear()).toBe('unknown');
		a.readings.push(...straight(20_000, 6000));
		batch.observe(a);
		expect(batch.linear()).toBe('yes');
		const b = track([processing(2000, 10), processing(4000, 10), processing(6000, 40)]);
		batch.observe(b);
		expect(batch.linear()).toBe('no');
	});

	it('a task that ends long before its line said turns the batch away from lines', () => {
		const batch = new BatchKnowledge();
		const a = track(straight(20_000, 2000, 4000, 6000));
		batch.observe(a);
		expect(batch.linear()).toBe('yes');
		batch.finish(a, 9000);
		expect(batch.linear()).toBe('no');
	});

	it('expects tasks in [0.75, 1.5] × the estimate until one finishes; then from durations, widened by their count', () => {
		const batch = new BatchKnowledge();
		const waiting = track([], { createdAt: 1000, estimatedMs: 60_000 });
		expect(batch.window(waiting)).toEqual({ lo: 46_000, hi: 91_000, source: 'estimate' });
		// The estimate was three times too long: a task of the batch finished after 20 s.
		const done = track([processing(10_000, 0), processing(19_500, 0)]);
		batch.finish(done, 20_000);
		const window = batch.window(waiting)!;
		expect(window.source).toBe('finished');
		// One task: the next may well be shorter or longer (odds 1 in 2), so the window is wide.
		expect(window.lo).toBeCloseTo(1000 + 19_500 * 0.5);
		expect(window.hi).toBeCloseTo(1000 + 20_000 * 2);
	});

	it('widens the pace it has seen the more, the fewer tasks showed it', () => {
		const batch = new BatchKnowledge();
		batch.observe(track(straight(20_000, 2000, 4000, 6000)));
		const [lo1, hi1] = batch.paceRange()!;
		expect(lo1).toBeLessThan(200 * 0.55);
		expect(hi1).toBeGreaterThan(200 * 1.8);
		const three = straightBatch();
		const [lo3, hi3] = three.paceRange()!;
		expect(lo3).toBeGreaterThan(lo1);
		expect(hi3).toBeLessThan(hi1);
	});

	it('assumes a start offset only when three straight tasks agree on it within a second', () => {
		expect(straightBatch().startRange()).toBeDefined();
		const queued = new BatchKnowledge();
		for (const [queue, length] of [
			[3000, 14_000],
			[6000, 12_000],
			[8000, 15_000],
		]) {
			const p = (t: number) => Math.floor((100 * (t - queue)) / length);
			queued.observe(track([10_000, 12_000, 14_000].map((t) => processing(t, p(t)))));
		}
		expect(queued.linear()).toBe('yes');
		expect(queued.startRange()).toBeUndefined();
	});
});

describe('planNextPoll: no reading pushes a check past what the evidence bounds', () => {
	it('a queued task reading 1 % after 8 s is checked again within the estimate window, not at the timeout', () => {
		const batch = new BatchKnowledge();
		const t = track([pending(4000), processing(8000, 1)], { estimatedMs: 20_000 });
		const plan = planNextPoll(t, batch, 8000, options);
		expect(plan.at).toBeLessThanOrEqual(15_000);
		// Even in a batch that believes in straight lines, the earliest end bounds the next check.
		const believing = straightBatch();
		expect(planNextPoll(t, believing, 8000, options).at).toBeLessThan(20_000);
	});

	it('ignores progress in a batch that has seen bent progress: 10 % and 90 % plan alike', () => {
		const batch = new BatchKnowledge();
		batch.observe(track([processing(2000, 10), processing(4000, 10), processing(6000, 40)]));
		expect(batch.linear()).toBe('no');
		const low = planNextPoll(track([processing(9000, 10)], { estimatedMs: 20_000 }), batch, 9000, options);
		const high = planNextPoll(track([processing(9000, 90)], { estimatedMs: 20_000 }), batch, 9000, options);
		expect(low).toEqual(high);
		expect(low.at).toBe(15_000); // the window's start, 0.75 × 20 s
	});

	it('inside the window checks every 1.75 × Min Poll Interval; past it keeps that gap for a grace period, then grows to Poll Interval', () => {
		const batch = new BatchKnowledge();
		const at = (lastPollAt: number) => planNextPoll(track([processing(lastPollAt, 0)], { estimatedMs: 20_000 }), batch, lastPollAt, options);
		expect(at(16_000)).toEqual({ at: 16_000 + GAP, kind: 'window' });
		// The window ends at 30 s; the grace lasts max(5 s, 0.25 × 30 s) = 7.5 s.
		expect(at(31_000)).toEqual({ at: 31_000 + GAP, kind: 'late' });
		expect(at(37_000)).toEqual({ at: 37_000 + GAP, kind: 'late' });
		expect(at(45_000).at - 45_000).toBeGreaterThan(GAP);
		expect(at(120_000).at - 120_000).toBe(options.maxIntervalMs);
	});

	it('with a precise straight line, asks just after its latest end, expecting the task done', () => {
		const batch = straightBatch();
		const t = track(straight(20_000, 5000, 12_000, 18_500));
		const fit = fitLinear(t, { rounding: 'floor' })!;
		const plan = planNextPoll(t, batch, 18_500, options);
		expect(plan.kind).toBe('done');
		expect(plan.at).toBeGreaterThanOrEqual(20_000);
		expect(plan.at).toBeLessThanOrEqual(fit.endHi + 50);
	});

	it('with a wide line, asks early enough that the final check can still come soon after the earliest end', () => {
		const batch = straightBatch();
		const t = track(straight(60_000, 20_000));
		const fit = fitLinear(t, { paceRange: batch.paceRange(), startRange: batch.startRange(), rounding: 'floor' })!;
		const plan = planNextPoll(t, batch, 20_000, options);
		expect(plan.at).toBeLessThanOrEqual(fit.endLo - 500);
		expect(plan.at).toBeGreaterThan(20_000 + options.minIntervalMs);
	});

	it('never asks sooner than Min Poll Interval after the last check', () => {
		const batch = straightBatch();
		const t = track(straight(20_000, 5000, 12_000, 19_900));
		expect(planNextPoll(t, batch, 19_900, options).at).toBeGreaterThanOrEqual(20_900);
	});

	it('counts gaps from the last check, so planning again later does not push a check away', () => {
		const batch = new BatchKnowledge();
		const t = track([processing(16_000, 0)], { estimatedMs: 20_000 });
		expect(planNextPoll(t, batch, 16_000, options)).toEqual(planNextPoll(t, batch, 17_500, options));
		const first = track([], { estimatedMs: 20_000 });
		expect(planNextPoll(first, batch, 0, options).at).toBe(15_000);
		expect(planNextPoll(first, batch, 16_000, options).at).toBe(16_000);
	});

	it('a scout explores at a fifth of the estimate for three checks, then at half its age, within the intervals', () => {
		const batch = new BatchKnowledge();
		const scout = (readings: Reading[], estimatedMs = 20_000) => planNextPoll(track(readings, { scout: true, estimatedMs }), batch, 0, options);
		expect(scout([]).at).toBe(4000);
		const three = [processing(4000, 0), processing(8000, 0), processing(12_000, 0)];
		// Half its age would be 18 s, but the estimate's window starts at 15 s: the window wins.
		expect(scout(three)).toEqual({ at: 15_000, kind: 'window' });
		expect(scout(three, 60_000)).toEqual({ at: 18_000, kind: 'explore' });
		expect(scout([processing(4000, 0), processing(5000, 0)], 600_000).at).toBe(5000 + options.maxIntervalMs);
		expect(scout([], 2000).at).toBe(options.minIntervalMs);
	});

	it('without estimate, history or straight progress, doubles the gap up to Poll Interval', () => {
		const batch = new BatchKnowledge();
		const gaps = [0, 1, 2, 3, 4].map((n) => {
			const readings = Array.from({ length: n + 1 }, (_, i) => processing(i * 1000, 0));
			return planNextPoll(track(readings), batch, n * 1000, options).at - n * 1000;
		});
		expect(gaps).toEqual([2000, 4000, 5000, 5000, 5000]);
	});
});

describe('the batch rate', () => {
	it('RateLimiter holds a slot while in flight and for one second after the answer', () => {
		const limiter = new RateLimiter(2);
		const a = limiter.acquire(0);
		const b = limiter.acquire(10);
		if (!('release' in a) || !('release' in b)) throw new Error('slots expected');
		expect(limiter.acquire(20)).toEqual({ waitMs: Infinity });
		a.release(300);
		expect(limiter.acquire(400)).toEqual({ waitMs: 900 });
		expect('release' in limiter.acquire(1300)).toBe(true);
		expect(limiter.acquire(1300)).toEqual({ waitMs: Infinity });
	});

	it('AdaptiveRate halves on each 429 and recovers about one request per second per second of answers', () => {
		const rate = new AdaptiveRate(40);
		rate.limited();
		rate.limited();
		expect(rate.current).toBe(10);
		for (let i = 0; i < 10; i++) rate.answered();
		expect(rate.current).toBeGreaterThan(10.9);
		expect(rate.current).toBeLessThan(11.1);
		for (let i = 0; i < 10_000; i++) rate.answered();
		expect(rate.current).toBe(40);
	});
});

// ── The whole schedule on a simulated clock ───────────────────────────────────────────────────

interface Replay {
	checksPerTask: number;
	worstDelayMs: number;
	delays: number[];
	limited: number;
	checks: number[];
}

/**
 * Replays one batch: tasks created 5 ms apart, each answer 6 ms after its request, with the
 * simulator's progress curves; `limit` answers 429 (Retry-After 1 s) beyond that many requests in
 * a sliding second.
 */
function replay(
	curve: string,
	{ n = 30, durations = [15_000, 25_000], estimate = 20_000, queue, seed = 3, limit = Infinity, cap = 100 }: {
		n?: number;
		durations?: [number, number];
		estimate?: number;
		queue?: [number, number];
		seed?: number;
		limit?: number;
		cap?: number;
	} = {},
): Replay {
	const draw = rng(seed);
	const tasks = Array.from({ length: n }, (_, index) => {
		const durationMs = durations[0] + draw() * (durations[1] - durations[0]);
		const queueMs = queue ? queue[0] + draw() * (queue[1] - queue[0]) : undefined;
		return { createdAt: index * 5, durationMs, plan: makeProgressPlan({ curve, durationMs, queueMs, seed, index }), seenAt: undefined as number | undefined };
	});
	let now = n * 5;
	const schedule = new BatchSchedule(
		tasks.map((t) => ({ createdAt: t.createdAt, estimatedMs: estimate })),
		{ ...options, maxRequestsPerSecond: cap },
		now,
	);
	const answers: Array<{ at: number; run: () => void }> = [];
	const arrivals: number[] = [];
	const checks: number[] = [];
	let limited = 0;
	for (let step = 0; step < 1_000_000 && tasks.some((t) => t.seenAt === undefined); step++) {
		const { start, wakeAt } = schedule.take(now);
		for (const { index, release } of start) {
			const sentAt = now;
			const task = tasks[index];
			checks.push(sentAt);
			answers.push({
				at: sentAt + 6,
				run: () => {
					const answeredAt = sentAt + 6;
					release(answeredAt);
					while (arrivals.length && arrivals[0] <= sentAt + 3 - 1000) arrivals.shift();
					if (arrivals.length >= limit) {
						limited += 1;
						schedule.limited(index, answeredAt + 1000);
						return;
					}
					arrivals.push(sentAt + 3);
					const elapsed = sentAt + 3 - task.createdAt;
					if (elapsed >= task.durationMs) {
						task.seenAt = sentAt + 3;
						schedule.completed(index, sentAt + 3);
						return;
					}
					const shown = progressAt(task.plan, elapsed);
					schedule.answered(index, { at: sentAt + 3, slackMs: 8, status: shown.status, progress: shown.progress }, answeredAt);
				},
			});
		}
		answers.sort((a, b) => a.at - b.at);
		const next = Math.min(answers.length ? answers[0].at : Infinity, wakeAt);
		if (!Number.isFinite(next)) throw new Error('the schedule stalled');
		now = Math.max(now + 0.5, next);
		while (answers.length && answers[0].at <= now) answers.shift()!.run();
	}
	const delays = tasks.map((t) => t.seenAt! - (t.createdAt + t.durationMs));
	return { checksPerTask: checks.length / n, worstDelayMs: Math.max(...delays), delays, limited, checks };
}

describe('the batch schedule, replayed against every progress behaviour', () => {
	it('straight progress: every task seen within 0.6 s of its end, in at most four checks', () => {
		const r = replay('straight');
		expect(r.worstDelayMs).toBeLessThan(600);
		expect(r.checksPerTask).toBeLessThanOrEqual(4);
	});

	it.each([
		['jumps', 6],
		['fast-slow', 6],
		['slow-fast', 6],
		['none', 6],
		// Straight until it stops: early answers earn the line a trust that costs a check or two.
		['stall', 7],
	])('%s: progress cannot be trusted, yet every task is seen within one in-window gap, in under %d checks', (curve, most) => {
		const r = replay(curve as string);
		expect(r.worstDelayMs).toBeLessThanOrEqual(GAP + 20);
		expect(r.checksPerTask).toBeLessThan(most as number);
	});

	it('queued 3–8 s before straight progress: seen within a second, in under four and a half checks', () => {
		const r = replay('straight', { queue: [3000, 8000] });
		expect(r.worstDelayMs).toBeLessThan(1000);
		expect(r.checksPerTask).toBeLessThan(4.5);
	});

	it.each([
		['3× too short', 20_000 / 3],
		['3× too long', 60_000],
	])('an estimate %s does not fool straight progress: seen within a second, in under four checks', (_, estimate) => {
		const r = replay('straight', { estimate });
		expect(r.worstDelayMs).toBeLessThan(1000);
		expect(r.checksPerTask).toBeLessThan(4);
	});

	it('long tasks (165–195 s) with straight progress: within a second, in at most six checks', () => {
		const r = replay('straight', { n: 20, durations: [165_000, 195_000], estimate: 180_000 });
		expect(r.worstDelayMs).toBeLessThanOrEqual(1000);
		expect(r.checksPerTask).toBeLessThanOrEqual(6);
	});

	it('no progress and an estimate three times too long: scouts find the real durations (the cost is honest, not zero)', () => {
		const r = replay('none', { estimate: 60_000 });
		// Without scouts every task would wait for the 45 s window start: 20 s late or more.
		expect(r.worstDelayMs).toBeLessThan(10_000);
		expect(r.checksPerTask).toBeLessThan(5);
	});

	it('a 200-task batch never sends more than the cap in any second, and the last task is seen within a second', () => {
		const r = replay('straight', { n: 200, cap: 100 });
		for (const at of r.checks) expect(r.checks.filter((t) => t >= at && t < at + 1000).length).toBeLessThanOrEqual(100);
		expect(r.worstDelayMs).toBeLessThan(1000);
	});

	it('429s pause every check, halve the pace and let it recover: a 20/s account limit is hit only a few times', () => {
		const r = replay('none', { n: 100, cap: 100, limit: 20 });
		expect(r.limited).toBeGreaterThan(0);
		expect(r.limited).toBeLessThan(40);
		expect(r.delays.every((d) => d >= 0)).toBe(true);
	});

	it('picks about one scout per twenty tasks, at least one, at most eight', () => {
		expect([1, 20, 21, 50, 200, 1000].map(scoutCount)).toEqual([1, 1, 2, 3, 8, 8]);
	});
});
