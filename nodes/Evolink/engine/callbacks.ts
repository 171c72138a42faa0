/**
 * Receiving Evolink's callbacks (the Evolink Trigger). Evolink does not sign them (no secret, no
 * signature, no timestamp), so a callback's body is only a hint of which task ended: the task is
 * read back with the credential (`GET /v1/tasks/{id}`) and what Evolink answers is emitted, never
 * what the POST said. Cheap checks come first (method, body shape, id format, a remembered id),
 * and the reads a flood of forged POSTs can cause are capped per minute.
 *
 * State lives in the workflow's static data (n8n saves it after each webhook call), bounded: the
 * ids already emitted (one execution per task, whatever the retries and replays), ids Evolink
 * recently called unknown, and the current minute's read budget. Nothing is kept in memory.
 */
import type { IDataObject } from 'n8n-workflow';

import type { EvolinkTask } from '../rules/answers';
import { isCompleted, isFailed } from '../rules/answers';
import type { EvolinkClient } from '../transport/client';
import { EvolinkFailure } from '../transport/failure';

/** An id worth a read: Evolink's prefix and a short, URL-safe rest (docs/evolink-api.md §6). */
const CALLBACK_TASK_ID = /^task-unified-[A-Za-z0-9_-]{1,100}$/;

export type StartOn = 'completed' | 'ended';

export interface CallbackLimits {
	/** Task reads (verifications) per minute; beyond it callbacks are answered 503 (Evolink retries). */
	maxVerificationsPerMinute: number;
	/** Emitted ids remembered (the oldest are forgotten first). */
	doneCap: number;
	/** Ids Evolink called unknown, remembered for `refusedTtlMs` so that a repeat costs no read. */
	refusedCap: number;
	refusedTtlMs: number;
	/** A task created longer ago than this is not emitted: a replay of an old body, not a callback. */
	maxTaskAgeMs: number;
	/** Per-attempt timeout of the verification read; Evolink waits 10 s for an answer. */
	verifyTimeoutMs: number;
}

export const DEFAULT_CALLBACK_LIMITS: CallbackLimits = {
	maxVerificationsPerMinute: 60,
	doneCap: 2000,
	refusedCap: 500,
	refusedTtlMs: 10 * 60_000,
	maxTaskAgeMs: 24 * 3600_000,
	verifyTimeoutMs: 5000,
};

export interface CallbackState {
	/** Task id → when it was emitted (or settled without emitting), ms since the epoch. */
	done: Record<string, number>;
	/** Task id → when Evolink called it unknown. */
	refused: Record<string, number>;
	/** The read budget of the current minute. */
	window: { start: number; used: number };
}

/** Why a callback starts nothing; the answer is the same for all (200), so it tells a sender nothing. */
export type IgnoreReason =
	| 'method'
	| 'body'
	| 'task-id'
	| 'not-final-body'
	| 'duplicate'
	| 'refused-recently'
	| 'unknown-task'
	| 'not-finished'
	| 'not-wanted'
	| 'stale';

/** Why a callback could not be verified now: answered 503, so that Evolink delivers it again. */
export type RetryReason = 'budget' | 'verification-failed' | 'credential';

export type CallbackVerdict =
	| { kind: 'emit'; task: EvolinkTask }
	| { kind: 'ignore'; reason: IgnoreReason; taskId?: string }
	| { kind: 'retry-later'; reason: RetryReason; taskId: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function numbers(value: unknown): Record<string, number> {
	const out: Record<string, number> = {};
	if (!isRecord(value)) return out;
	for (const [key, time] of Object.entries(value)) if (typeof time === 'number' && Number.isFinite(time)) out[key] = time;
	return out;
}

/** The state from static data as stored (anything unreadable starts empty). */
export function readCallbackState(raw: unknown): CallbackState {
	const data = isRecord(raw) ? raw : {};
	const window = isRecord(data.window) ? data.window : {};
	return {
		done: numbers(data.done),
		refused: numbers(data.refused),
		window: {
			start: typeof window.start === 'number' ? window.start : 0,
			used: typeof window.used === 'number' ? window.used : 0,
		},
	};
}

/** Keeps the `cap` newest entries. */
function newest(entries: Record<string, number>, cap: number): Record<string, number> {
	const list = Object.entries(entries);
	if (list.length <= cap) return entries;
	return Object.fromEntries(list.sort((a, b) => b[1] - a[1]).slice(0, cap));
}

/** The state to store: bounded, with expired refusals dropped. A plain object, for static data. */
export function pruneCallbackState(state: CallbackState, limits: CallbackLimits, now: number): IDataObject {
	const refused = Object.fromEntries(Object.entries(state.refused).filter(([, time]) => now - time < limits.refusedTtlMs));
	return {
		done: newest(state.done, limits.doneCap),
		refused: newest(refused, limits.refusedCap),
		window: { ...state.window },
	};
}

/** The task id a body names, or why the body is not worth a read (no request made). */
export function readCallbackBody(body: unknown): { taskId: string } | { reason: IgnoreReason } {
	if (!isRecord(body)) return { reason: 'body' };
	const { id, status } = body;
	if (typeof id !== 'string' || !CALLBACK_TASK_ID.test(id)) return { reason: 'task-id' };
	// Evolink calls back only when a task ends; a body that says otherwise is not a callback.
	if (typeof status !== 'string' || !(isCompleted(status) || isFailed(status))) return { reason: 'not-final-body' };
	return { taskId: id };
}

function takeBudget(state: CallbackState, limits: CallbackLimits, now: number): boolean {
	if (now - state.window.start >= 60_000 || now < state.window.start) state.window = { start: now, used: 0 };
	if (state.window.used >= limits.maxVerificationsPerMinute) return false;
	state.window.used += 1;
	return true;
}

/**
 * Decides what one callback does. Mutates `state` (the caller stores it). Makes at most one
 * request to Evolink, and none for a wrong method, a malformed body, an id already emitted or
 * recently unknown, or when the minute's budget is spent.
 */
export async function verifyCallback(
	request: { method: string; body: unknown },
	client: Pick<EvolinkClient, 'getTask'>,
	state: CallbackState,
	options: { startOn: StartOn; limits: CallbackLimits; now?: () => number },
): Promise<CallbackVerdict> {
	const now = options.now ?? Date.now;
	const { limits } = options;
	if (request.method.toUpperCase() !== 'POST') return { kind: 'ignore', reason: 'method' };
	const read = readCallbackBody(request.body);
	if ('reason' in read) return { kind: 'ignore', reason: read.reason };
	const { taskId } = read;
	if (state.done[taskId] !== undefined) return { kind: 'ignore', reason: 'duplicate', taskId };
	const refusedAt = state.refused[taskId];
	if (refusedAt !== undefined && now() - refusedAt < limits.refusedTtlMs) {
		return { kind: 'ignore', reason: 'refused-recently', taskId };
	}
	if (!takeBudget(state, limits, now())) return { kind: 'retry-later', reason: 'budget', taskId };

	let task: EvolinkTask;
	try {
		task = await client.getTask(taskId, 0, limits.verifyTimeoutMs);
	} catch (error) {
		const status = error instanceof EvolinkFailure ? error.details.status : undefined;
		if (error instanceof EvolinkFailure && error.details.kind === 'http' && (status === 404 || status === 400)) {
			// Unknown to this account (or another account's task): remember it, so that a repeat costs no read.
			state.refused[taskId] = now();
			return { kind: 'ignore', reason: 'unknown-task', taskId };
		}
		if (status === 401 || status === 403) return { kind: 'retry-later', reason: 'credential', taskId };
		return { kind: 'retry-later', reason: 'verification-failed', taskId };
	}

	const created = typeof task.created === 'number' ? task.created * 1000 : undefined;
	if (created !== undefined && now() - created > limits.maxTaskAgeMs) {
		state.refused[taskId] = now();
		return { kind: 'ignore', reason: 'stale', taskId };
	}
	const completed = isCompleted(task.status);
	if (!completed && !isFailed(task.status)) return { kind: 'ignore', reason: 'not-finished', taskId };
	// From here on the task has ended: it is settled once, emitted or not.
	state.done[taskId] = now();
	const withResults = completed && (task.results?.length ?? 0) > 0;
	if (!withResults && options.startOn === 'completed') return { kind: 'ignore', reason: 'not-wanted', taskId };
	return { kind: 'emit', task };
}

/** How a task ended, in one word. */
export function endOf(task: EvolinkTask): 'completed' | 'failed' | 'cancelled' {
	const status = task.status.toLowerCase();
	if (isCompleted(status) && (task.results?.length ?? 0) > 0) return 'completed';
	if (status === 'cancelled' || status === 'canceled' || task.error?.code === 'request_cancelled') return 'cancelled';
	return 'failed';
}

/**
 * The item the trigger emits: the task as Evolink answered the read, plus `taskId`, `ended`,
 * `resultUrls` (images, videos or audio), and `errorCode`/`errorMessage` for a task that failed.
 */
export function callbackItemJson(task: EvolinkTask): IDataObject {
	const ended = endOf(task);
	const json: IDataObject = { ...(task as IDataObject), taskId: task.id, ended, resultUrls: [...(task.results ?? [])] };
	if (ended !== 'completed') {
		json.errorCode = task.error?.code ?? (isCompleted(task.status) ? 'no_results' : undefined);
		json.errorMessage =
			task.error?.message ?? (isCompleted(task.status) ? 'Evolink reported the task completed without any result URL' : undefined);
	}
	return json;
}
