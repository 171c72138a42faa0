/**
 * What the user may send, as zod schemas: checked for every item before any request, so a mistake
 * never costs a credit, and each problem names its field as the panel labels it. Written against
 * zod's v3 API, which both n8n 1.x (zod 3.25.67) and n8n 2.x (zod 3.25.76) provide. Pure.
 */
import { z } from 'zod';

import { isPrivateHost } from './hosts';
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

const TASK_ID_PREFIX = 'task-unified-';
const TASK_ID_EXAMPLE = 'task-unified-1757156493-imcg5zqt';
const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'webp', 'gif', 'bmp', 'tif', 'tiff', 'heic', 'avif']);

/** The image format a URL's path names by its extension ("jpg", "png", …), if it names one. */
function imageExtension(value: string): string | undefined {
	const path = parseUrl(value)?.pathname ?? '';
	const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
	return extension && IMAGE_EXTENSIONS.has(extension) ? extension : undefined;
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
		} else if (isPrivateHost(url.hostname)) {
			// Evolink fetches the image from its own servers: a local address can only fail there.
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message: `must be a public address that Evolink's servers can download, got the private host "${url.hostname}"`,
			});
		}
	});

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
		} else if (url.username || url.password) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message: 'must not contain a user name or password: Evolink would pass them on to the callback host',
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
		if (!body.mask_url) return;
		const issue = (path: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
		const references = body.image_urls ?? [];
		if (references.length === 0) issue('mask_url', 'needs exactly one reference image to edit, got none');
		if (references.length > 1) {
			issue('mask_url', `can only be used with at most one reference image, got ${references.length} reference images`);
		}
		// A URL's extension is the only hint of its format before Evolink fetches it; without a known
		// one the format is left to Evolink.
		const maskType = imageExtension(body.mask_url);
		if (maskType && maskType !== 'png') {
			issue('mask_url', `must be a PNG (the mask's transparent areas are edited), got a .${maskType} file`);
		}
		const notPng = references.map(imageExtension).find((type) => type && type !== 'png');
		if (notPng) issue('image_urls', `must be a PNG when a mask is used (Evolink edits PNG images with masks), got a .${notPng} file`);
	});

export type CreateTaskRequest = z.infer<typeof createTaskRequestSchema>;

export const taskIdSchema = z
	.string({ required_error: 'is required', invalid_type_error: 'must be text' })
	.trim()
	.min(1, `is required: paste the id returned by Create, e.g. ${TASK_ID_EXAMPLE}`)
	.superRefine((value, ctx) => {
		const issue = (message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, message });
		if (!value.startsWith(TASK_ID_PREFIX)) {
			return issue(`must be an Evolink task id starting with "${TASK_ID_PREFIX}", e.g. ${TASK_ID_EXAMPLE}`);
		}
		const rest = value.slice(TASK_ID_PREFIX.length);
		if (!rest) return issue(`must have an id after "${TASK_ID_PREFIX}", e.g. ${TASK_ID_EXAMPLE}`);
		// The id goes into the request path: nothing that could change which URL is asked.
		const bad = /[^A-Za-z0-9_-]/.exec(rest);
		if (bad) issue(`must contain only letters, digits, "-" and "_" after "${TASK_ID_PREFIX}", found "${bad[0]}"`);
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
