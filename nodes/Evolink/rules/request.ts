/**
 * What the user may send, as zod schemas: checked for every item before any request, so a mistake
 * never costs a credit, and each problem names its field as the panel labels it. Written against
 * zod's v3 API, which both n8n 1.x (zod 3.25.67) and n8n 2.x (zod 3.25.76) provide. Pure.
 */
import { z } from 'zod';

import { labelFor } from './labels';
import {
	IMAGE_COUNTS,
	IMAGE_SIZES,
	MAX_CALLBACK_URL_LENGTH,
	MAX_PROMPT_CHARACTERS,
	MAX_REFERENCE_IMAGES,
	MODEL,
} from './limits';

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

/** One problem found in user input, ready to be shown: field label and what is wrong. */
export interface InputProblem {
	field: string;
	problem: string;
}

/** Turns zod issues into field-labelled problems, e.g. `Reference Image URLs #2: must be ...`. */
export function describeIssues(error: z.ZodError): InputProblem[] {
	return error.issues.map((issue) => {
		const [key, index] = issue.path;
		let field = key === undefined ? 'input' : labelFor(String(key));
		if (typeof index === 'number') field += ` #${index + 1}`;
		return { field, problem: issue.message };
	});
}

function truncate(text: string, max = 80): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}
