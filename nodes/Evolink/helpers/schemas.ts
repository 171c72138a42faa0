/**
 * Every rule the package enforces, in one place: what the user may send (checked before any
 * request, so a mistake never costs a credit) and what Evolink must answer (checked before the
 * node relies on it). Written against zod's v3 API, which both n8n 1.x (zod 3.25.67) and
 * n8n 2.x (zod 3.25.76) provide.
 */
import { z } from 'zod';

export const MODEL = 'gpt-4o-image';
export const IMAGE_SIZES = ['1:1', '2:3', '3:2', '1024x1024', '1024x1536', '1536x1024'] as const;
export const IMAGE_COUNTS = [1, 2, 4] as const;
export const MAX_PROMPT_CHARACTERS = 1000;
export const MAX_REFERENCE_IMAGES = 5;
export const MAX_CALLBACK_URL_LENGTH = 2048;

/** Labels as the user sees them in the node's panel, so errors point at the right field. */
export const FIELD_LABELS: Record<string, string> = {
	prompt: 'Prompt',
	size: 'Size',
	n: 'Number of Images',
	image_urls: 'Reference Image URLs',
	mask_url: 'Mask URL',
	callback_url: 'Callback URL',
	taskId: 'Task ID',
};

/** Counts characters as a person does (code points), not UTF-16 units. */
export function characterCount(text: string): number {
	return Array.from(text).length;
}

function parseUrl(value: string): URL | undefined {
	try {
		return new URL(value);
	} catch {
		return undefined;
	}
}

const httpUrl = z
	.string({ invalid_type_error: 'must be a URL (text)' })
	.trim()
	.min(1, 'must not be empty')
	.superRefine((value, ctx) => {
		const url = parseUrl(value);
		if (!url || !['http:', 'https:'].includes(url.protocol) || !url.hostname) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message: `must be an absolute http(s) URL that Evolink's servers can download, got "${truncate(value)}"`,
			});
		}
	});

/**
 * True for hosts Evolink refuses to call back: loopback, private, link-local and other
 * non-public ranges, written as an IP literal or as a local name. No DNS lookup is made.
 */
export function isPrivateHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
	if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) {
		return true;
	}
	const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	if (ipv4) {
		const [a, b] = [Number(ipv4[1]), Number(ipv4[2])];
		return (
			a === 0 ||
			a === 10 ||
			a === 127 ||
			(a === 100 && b >= 64 && b <= 127) ||
			(a === 169 && b === 254) ||
			(a === 172 && b >= 16 && b <= 31) ||
			(a === 192 && b === 168) ||
			a >= 224
		);
	}
	if (host.includes(':')) {
		const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
		if (mapped) return isPrivateHost(mapped[1]);
		return host === '::' || host === '::1' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host);
	}
	return false;
}

const callbackUrl = z
	.string({ invalid_type_error: 'must be a URL (text)' })
	.trim()
	.min(1, 'must not be empty')
	.max(MAX_CALLBACK_URL_LENGTH, `must be at most ${MAX_CALLBACK_URL_LENGTH} characters long`)
	.superRefine((value, ctx) => {
		const url = parseUrl(value);
		if (!url || !url.hostname) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message: `must be an absolute https URL, got "${truncate(value)}"`,
			});
		} else if (url.protocol !== 'https:') {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message: `must use https (Evolink only calls back over HTTPS), got "${url.protocol.replace(':', '')}"`,
			});
		} else if (isPrivateHost(url.hostname)) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message: `must be a public address: Evolink refuses loopback and private hosts such as "${url.hostname}"`,
			});
		}
	});

/** The body of `POST /v1/images/generations`, exactly as it will be sent. */
export const createTaskRequestSchema = z
	.object({
		model: z.literal(MODEL),
		prompt: z
			.string({ required_error: 'is required', invalid_type_error: 'must be text' })
			.trim()
			.min(1, 'is required: describe the image to create, or the edit to make')
			.superRefine((value, ctx) => {
				const count = characterCount(value);
				if (count > MAX_PROMPT_CHARACTERS) {
					ctx.addIssue({
						code: z.ZodIssueCode.custom,
						message: `must be at most ${MAX_PROMPT_CHARACTERS} characters long, got ${count}`,
					});
				}
			}),
		size: z
			.enum(IMAGE_SIZES, {
				errorMap: (_issue, ctx) => ({
					message: `must be one of ${IMAGE_SIZES.join(', ')}, got "${String(ctx.data)}"`,
				}),
			})
			.optional(),
		n: z
			.preprocess(
				(value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
				z.number({ invalid_type_error: 'must be a number: 1, 2 or 4' }).refine(
					(value) => (IMAGE_COUNTS as readonly number[]).includes(value),
					(value) => ({ message: `must be 1, 2 or 4, got ${value}` }),
				),
			)
			.optional(),
		image_urls: z
			.array(httpUrl)
			.max(MAX_REFERENCE_IMAGES, `must list at most ${MAX_REFERENCE_IMAGES} images`)
			.optional(),
		mask_url: httpUrl.optional(),
		callback_url: callbackUrl.optional(),
	})
	.superRefine((body, ctx) => {
		if (body.mask_url && (body.image_urls?.length ?? 0) > 1) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['mask_url'],
				message: `can only be used with at most one reference image, got ${body.image_urls?.length} reference images`,
			});
		}
	});

export type CreateTaskRequest = z.infer<typeof createTaskRequestSchema>;

export const taskIdSchema = z
	.string({ required_error: 'is required', invalid_type_error: 'must be text' })
	.trim()
	.min(1, 'is required: paste the id returned by Create, e.g. task-unified-1757156493-imcg5zqt')
	.regex(/^task-unified-[A-Za-z0-9_-]+$/, {
		message: 'must be an Evolink task id starting with "task-unified-"',
	});

// ---- What Evolink answers ----

const errorCode = z.union([z.string(), z.number()]).transform(String);

export const taskErrorSchema = z
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

export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

/** One problem found in user input, ready to be shown: field label and what is wrong. */
export interface InputProblem {
	field: string;
	problem: string;
}

/** Turns zod issues into field-labelled problems, e.g. `Reference Image URLs #2: must be ...`. */
export function describeIssues(error: z.ZodError): InputProblem[] {
	return error.issues.map((issue) => {
		const [key, index] = issue.path;
		let field = FIELD_LABELS[String(key)] ?? String(key ?? 'input');
		if (typeof index === 'number') field += ` #${index + 1}`;
		return { field, problem: issue.message };
	});
}

export function truncate(text: string, max = 80): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}
