import { type PollOptions, type PollTrack, RateLimiter, planNextPoll } from '../../nodes/Evolink/engine/poller';

const options: PollOptions = { minIntervalMs: 1000, maxIntervalMs: 5000, timeoutMs: 300_000, maxRequestsPerSecond: 10 };

function track(partial: Partial<PollTrack>): PollTrack {
	return { startedAt: 0, latePolls: 0, ...partial };
}

describe('planNextPoll', () => {
	it('waits half way to the estimate, no longer than the poll interval, before the first check', () => {
		expect(planNextPoll(track({ estimatedMs: 6000 }), 0, options)).toBe(3000);
		expect(planNextPoll(track({ estimatedMs: 60_000 }), 0, options)).toBe(5000);
	});

	it('uses reported progress to narrow the end, then asks just after it', () => {
		// 50 % after 10 s: the end lies between 19.6 s and 20 s.
		const t = track({ lastPollAt: 10_000, lastStatus: 'processing', lastProgress: 50 });
		const refine = planNextPoll(t, 10_000, options);
		expect(refine).toBeGreaterThan(17_000);
		expect(refine).toBeLessThan(18_000);
		// 90 % after 18 s: the end lies between 19.78 s and 20 s; ask right after 20 s.
		const t2 = track({ lastPollAt: 18_000, lastStatus: 'processing', lastProgress: 90, predictedEndAt: 20_000 });
		expect(planNextPoll(t2, 18_000, options)).toBe(20_025);
	});

	it('backs off from the floor to the poll interval while a task runs late', () => {
		const t = track({ estimatedMs: 10_000, lastPollAt: 10_100, lastStatus: 'processing', lastProgress: 99, predictedEndAt: 10_000 });
		const waits: number[] = [];
		let now = 10_100;
		for (let i = 0; i < 5; i++) {
			t.lastPollAt = now;
			t.lastProgress = 100; // no more progress information to use
			const next = planNextPoll(t, now, options);
			waits.push(next - now);
			now = next;
		}
		expect(waits).toEqual([1000, 2000, 4000, 5000, 5000]);
	});

	it('never asks sooner than the floor after the previous check', () => {
		const t = track({ lastPollAt: 9_900, lastStatus: 'processing', lastProgress: 99 });
		expect(planNextPoll(t, 9_900, options)).toBeGreaterThanOrEqual(10_900);
	});

	it('without estimate or progress, asks at the poll interval', () => {
		expect(planNextPoll(track({ lastPollAt: 0, lastStatus: 'pending', lastProgress: 0 }), 0, options)).toBe(1000);
	});
});

describe('RateLimiter', () => {
	it('holds a slot while in flight and for one second after the answer', () => {
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
});
