// @ts-check
/**
 * How a simulated task's `progress` moves. Evolink promises only an integer 0–100 and the status
 * list; nothing about how progress grows, how long a task queues, or how good `estimated_time` is.
 * So the simulator offers every plausible shape (none of them is "the right one"), drawn per task
 * from a seeded RNG so that tasks of one batch are alike but not identical:
 *
 *   straight   progress = elapsed / duration, counted from creation (the original behaviour)
 *   jumps      flat, then a jump: 3–5 jumps at random moments to random levels (last ≤ 95)
 *   fast-slow  1 − (1 − x)^k with k in [2, 3.5]: most of the progress early, then a crawl
 *   slow-fast  x^k with k in [2, 3]: a crawl, then most of the progress late
 *   stall      straight up to a level in [90, 97] reached at 50–75 % of the time, then flat
 *   none       0 throughout (status still goes pending → processing → completed)
 *
 * x is the fraction of the processing time elapsed. A task reports `pending` first: for
 * min(10 % of its duration, 1 s) by default, or for its whole queue time when queued
 * (`queueMs`); a queued task's progress starts at 0 when processing starts, so its curve runs
 * over the processing time only (duration − queue). Progress shown while processing is capped at 99.
 */

/** @typedef {'straight' | 'jumps' | 'fast-slow' | 'slow-fast' | 'stall' | 'none'} ProgressCurve */

const CURVES = /** @type {const} */ (['straight', 'jumps', 'fast-slow', 'slow-fast', 'stall', 'none']);

/**
 * @typedef {object} ProgressPlan
 * @property {ProgressCurve} curve
 * @property {number} durationMs creation → completion
 * @property {number} pendingMs creation → processing (the queue, or the short default pending)
 * @property {boolean} queued whether pendingMs is a queue (progress counts from processing start)
 * @property {Array<{ x: number, level: number }>} [steps] jumps: at fraction x, progress becomes level
 * @property {number} [power] fast-slow, slow-fast: the exponent k
 * @property {number} [stallX] stall: fraction of the time at which progress stops
 * @property {number} [stallLevel] stall: the level it stops at
 */

/** mulberry32: a small seeded PRNG in [0, 1). @param {number} seed */
function rng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** @param {unknown} name @returns {name is ProgressCurve} */
function isCurve(name) {
	return typeof name === 'string' && /** @type {readonly string[]} */ (CURVES).includes(name);
}

/**
 * Draws one task's progress plan. Deterministic for (seed, index): the same batch shows the same
 * shapes in every run, whatever else the simulator draws.
 * @param {{ curve: ProgressCurve, durationMs: number, queueMs?: number, seed: number, index: number }} input
 * @returns {ProgressPlan}
 */
function makeProgressPlan({ curve, durationMs, queueMs, seed, index }) {
	const random = rng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
	const queued = queueMs !== undefined && queueMs > 0;
	const pendingMs = queued ? Math.min(queueMs, durationMs * 0.9) : Math.min(durationMs * 0.1, 1000);
	/** @type {ProgressPlan} */
	const plan = { curve, durationMs, pendingMs, queued };
	if (curve === 'jumps') {
		const count = 3 + Math.floor(random() * 3);
		const xs = Array.from({ length: count }, () => 0.1 + random() * 0.8).sort((a, b) => a - b);
		const levels = Array.from({ length: count }, () => 5 + Math.floor(random() * 91)).sort((a, b) => a - b);
		plan.steps = xs.map((x, i) => ({ x, level: levels[i] }));
	} else if (curve === 'fast-slow') {
		plan.power = 2 + random() * 1.5;
	} else if (curve === 'slow-fast') {
		plan.power = 2 + random();
	} else if (curve === 'stall') {
		plan.stallX = 0.5 + random() * 0.25;
		plan.stallLevel = 90 + Math.floor(random() * 8);
	}
	return plan;
}

/**
 * Status and progress of an unfinished task `elapsed` ms after its creation.
 * @param {ProgressPlan} plan @param {number} elapsed
 * @returns {{ status: 'pending' | 'processing', progress: number }}
 */
function progressAt(plan, elapsed) {
	if (elapsed < plan.pendingMs) return { status: 'pending', progress: 0 };
	// The original straight behaviour counts from creation; a queued task from processing start.
	const origin = plan.queued ? plan.pendingMs : 0;
	const x = Math.max(0, Math.min(1, (elapsed - origin) / Math.max(1, plan.durationMs - origin)));
	let fraction = 0;
	switch (plan.curve) {
		case 'straight':
			fraction = x;
			break;
		case 'jumps':
			for (const step of plan.steps ?? []) if (x >= step.x) fraction = step.level / 100;
			break;
		case 'fast-slow':
			fraction = 1 - (1 - x) ** (plan.power ?? 3);
			break;
		case 'slow-fast':
			fraction = x ** (plan.power ?? 2);
			break;
		case 'stall': {
			const stallX = plan.stallX ?? 0.6;
			const level = (plan.stallLevel ?? 95) / 100;
			fraction = x < stallX ? (x / stallX) * level : level;
			break;
		}
		case 'none':
			fraction = 0;
			break;
	}
	return { status: 'processing', progress: Math.min(99, Math.floor(fraction * 100 + 1e-9)) };
}

module.exports = { CURVES, isCurve, makeProgressPlan, progressAt, rng };
