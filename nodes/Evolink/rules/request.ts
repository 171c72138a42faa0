/**
 * What the user may send, as zod schemas: checked for every item before any request, so a mistake
 * never costs a credit, and each problem names its field as the panel labels it. Written against
 * zod's v3 API, which both n8n 1.x (zod 3.25.67) and n8n 2.x (zod 3.25.76) provide. Pure.
 */
import { z } from 'zod';

import { isPrivateHost } from './hosts';
import { labelFor } from './labels';
import { MAX_CALLBACK_URL_LENGTH } from './limits';

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

/** A URL Evolink's servers fetch: absolute http(s), on a public host. */
export const publicImageUrl = z
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

/** Where Evolink posts the finished task: https, public host, no credentials, at most 2048 characters. */
export const callbackUrl = z
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

/** A create request's body: the model, usually a prompt, and the model's own fields. */
export type CreateTaskRequest = Record<string, unknown>;

/** The prompt: required (or not) and at most `maxCharacters` characters, counted as a person does. */
export function promptSchema(maxCharacters: number, required: boolean) {
	const text = z
		.string({ required_error: 'is required', invalid_type_error: 'must be text' })
		.trim()
		.superRefine((value, ctx) => {
			const count = characterCount(value);
			if (count > maxCharacters) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be at most ${maxCharacters} characters long, got ${count}` });
			}
		});
	return required
		? text.refine((value) => value.length > 0, 'is required: describe the image to create, or the edit to make')
		: text.optional();
}

/** The rules of a mask and the reference it edits, as far as URLs show them. */
export function checkMaskUrls(maskUrl: string, references: string[], issue: (key: string, problem: string) => void): void {
	if (references.length === 0) issue('mask_url', 'needs exactly one reference image to edit, got none');
	if (references.length > 1) {
		issue('mask_url', `can only be used with at most one reference image, got ${references.length} reference images`);
	}
	// A URL's extension is the only hint of its format before Evolink fetches it; without a known
	// one the format is left to Evolink.
	const maskType = imageExtension(maskUrl);
	if (maskType && maskType !== 'png') {
		issue('mask_url', `must be a PNG (the mask's transparent areas are edited), got a .${maskType} file`);
	}
	const notPng = references.map(imageExtension).find((type) => type && type !== 'png');
	if (notPng) issue('image_urls', `must be a PNG when a mask is used (Evolink edits PNG images with masks), got a .${notPng} file`);
}

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

/**
 * Turns zod issues into field-labelled problems, e.g. `Reference Image URLs #2: must be ...`;
 * `labels` names a model's own fields.
 */
export function describeIssues(error: z.ZodError, labels: Record<string, string> = {}): InputProblem[] {
	return error.issues.map((issue) => {
		const [key, index] = issue.path;
		let field = key === undefined ? 'input' : (labels[String(key)] ?? labelFor(String(key)));
		if (typeof index === 'number') field += ` #${index + 1}`;
		return { field, problem: issue.message };
	});
}

function truncate(text: string, max = 80): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}
