/**
 * What Evolink must answer, checked before the node relies on it: the task object (create, query,
 * callbacks), the credits answer, the file API's answer and the HTTP error envelope. Unknown
 * extra fields are kept, so a field Evolink adds later reaches the user. Pure: zod only.
 */
import { z } from 'zod';

const errorCode = z.union([z.string(), z.number()]).transform(String);

const taskErrorSchema = z
	.object({
		code: errorCode.optional(),
		message: z.string().optional(),
	})
	.passthrough();

/** A task object as returned by create, query and callbacks. Unknown extra fields are kept. */
export const taskSchema = z
	.object({
		id: z.string({ required_error: 'has no "id"' }).min(1, 'has an empty "id"'),
		status: z.string({ required_error: 'has no "status"' }).min(1, 'has an empty "status"'),
		progress: z.number().nullish(),
		results: z.array(z.string()).nullish(),
		error: taskErrorSchema.nullish(),
		created: z.number().nullish(),
		task_info: z.object({ estimated_time: z.number().nullish() }).passthrough().nullish(),
	})
	.passthrough();

export type EvolinkTask = z.infer<typeof taskSchema>;

export const creditsResponseSchema = z
	.object({
		data: z.record(z.unknown(), { required_error: 'has no "data"' }),
	})
	.passthrough();

/** The file API's answer; `success: false` can come with HTTP 200. */
export const uploadResponseSchema = z
	.object({
		success: z.boolean({ required_error: 'has no "success"' }),
		msg: z.string().nullish(),
		data: z
			.object({ file_url: z.string({ required_error: 'has no "file_url"' }).url('has an invalid "file_url"') })
			.passthrough()
			.nullish(),
	})
	.passthrough();

/** `{"error": {...}}`, the envelope of every HTTP error. */
export const errorEnvelopeSchema = z
	.object({
		error: z
			.object({
				code: errorCode.optional(),
				message: z.string().optional(),
				type: z.string().optional(),
				param: z.string().nullish(),
				fallback_suggestion: z.string().nullish(),
			})
			.passthrough(),
	})
	.passthrough();


const COMPLETED = new Set(['completed', 'succeeded', 'success']);
const FAILED = new Set(['failed', 'cancelled', 'canceled', 'error']);

/** Whether a task status means the task ended with results. */
export function isCompleted(status: string): boolean {
	return COMPLETED.has(status.toLowerCase());
}

/** Whether a task status means the task ended without results (not charged). */
export function isFailed(status: string): boolean {
	return FAILED.has(status.toLowerCase());
}
