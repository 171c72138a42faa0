/**
 * Waiting that stops when the execution is cancelled. n8n-workflow 1.x exports `sleep(ms)` and
 * 2.x `sleep(ms, signal?)`, so the package sleeps in short slices with the one-argument form and
 * checks the cancel signal itself: the same code works on both lines, and timers never outlive
 * a cancelled execution by more than one slice.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

const SLICE_MS = 200;

/** Executions have a cancel signal; a webhook call (IWebhookFunctions) has none. */
type CancelAware = Partial<Pick<IExecuteFunctions, 'getExecutionCancelSignal'>> | object;

/** The execution's cancel signal, when the context has one. */
export function cancelSignal(ctx: CancelAware): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in ctx && typeof ctx.getExecutionCancelSignal === 'function'
		? ctx.getExecutionCancelSignal()
		: undefined;
}

export function isCancelled(ctx: CancelAware): boolean {
	return cancelSignal(ctx)?.aborted === true;
}

/** Waits `ms` milliseconds; resolves false as soon as the execution is cancelled. */
export async function pause(ctx: CancelAware, ms: number): Promise<boolean> {
	const until = Date.now() + Math.max(0, ms);
	while (!isCancelled(ctx)) {
		const left = until - Date.now();
		if (left <= 0) return true;
		await sleep(Math.min(left, SLICE_MS));
	}
	return false;
}
