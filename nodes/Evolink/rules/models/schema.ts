/**
 * A model's request rules as one zod schema, derived from its catalogue entry: the envelope every
 * model shares (model, prompt, references, mask, callback) and the model's own fields. The
 * schema reads the values keyed by body key (dotted for nested fields); `toRequestBody` nests
 * them into the body Evolink gets.
 */
import { z } from 'zod';

import { callbackUrl, checkMaskUrls, promptSchema, publicImageUrl } from '../request';
import type { ModelEntry, ModelField, OptionsField, ReferenceLimits } from './types';

/** "1, 2 or 4" — how a short list of allowed values reads in a sentence. */
function either(values: ReadonlyArray<string | number>): string {
	return values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

function fromText(value: unknown): unknown {
	return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
}

function optionsSchema(field: OptionsField): z.ZodTypeAny {
	const allowed = field.values.filter((value) => value !== '');
	const numeric = allowed.every((value) => typeof value === 'number');
	const rule = numeric ? `must be ${either(allowed)}` : `must be one of ${allowed.join(', ')}`;
	return z.preprocess(
		(value) => (numeric ? fromText(value) : value),
		z.any().superRefine((value, ctx) => {
			if (!allowed.includes(value as string | number)) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${rule}, got ${numeric ? String(value) : `"${String(value)}"`}` });
			}
		}),
	);
}

function fieldSchema(field: ModelField): z.ZodTypeAny {
	switch (field.type) {
		case 'options':
			return optionsSchema(field);
		case 'number': {
			const whole = field.integer ? 'a whole number' : 'a number';
			const rule = `must be ${whole} from ${field.min} to ${field.max}`;
			return z.preprocess(
				fromText,
				z
					.number({ invalid_type_error: rule })
					.refine((n) => (!field.integer || Number.isInteger(n)) && n >= field.min && n <= field.max, (n) => ({
						message: `${rule}, got ${n}`,
					})),
			);
		}
		case 'boolean':
			return z.preprocess(
				(value) => (value === 'true' ? true : value === 'false' ? false : value),
				z.boolean({ invalid_type_error: 'must be true or false' }),
			);
		case 'string': {
			const text = z.string({ invalid_type_error: 'must be text' }).trim();
			return (field.maxLength === undefined ? text : text.max(field.maxLength, `must be at most ${field.maxLength} characters long`)).superRefine(
				(value, ctx) => {
					const problem = field.check?.(value);
					if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
				},
			);
		}
	}
}

/** The labels of a model's fields by body key, for error messages. */
export function fieldLabels(model: ModelEntry): Record<string, string> {
	return Object.fromEntries(model.fields.map((field) => [field.key, field.label]));
}

/** The schema of one model's create request, keyed by body key. */
export function bodySchema(model: ModelEntry) {
	const shape: Record<string, z.ZodTypeAny> = {
		model: z.literal(model.id),
		prompt: promptSchema(model.prompt.maxCharacters, model.prompt.required),
		callback_url: callbackUrl.optional(),
	};
	// The node always sends a field's value or default; leaving a field out means the model's default.
	for (const field of model.fields) shape[field.key] = fieldSchema(field).optional();
	const references = model.references;
	if (references) {
		let urls = z.array(publicImageUrl).max(references.max, `must list at most ${references.max} images`);
		if (references.min > 0) {
			urls = urls.min(
				references.min,
				`${model.displayName} needs ${references.min === references.max ? references.min : `${references.min} to ${references.max}`} ${model.output === 'video' ? 'frame' : 'reference image'}${references.max > 1 ? 's' : ''}`,
			);
		}
		// Absent when the references come from binary data (checked there); [] when there are none.
		shape[references.key] = urls.optional();
	}
	if (model.mask) shape[model.mask.key] = publicImageUrl.optional();
	return z
		.object(shape)
		.strict()
		.superRefine((body, ctx) => {
			const raise = (key: string, problem: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: problem });
			const maskUrl = model.mask ? body[model.mask.key] : undefined;
			if (typeof maskUrl === 'string') checkMaskUrls(maskUrl, (body.image_urls as string[] | undefined) ?? [], raise);
			model.crossCheck?.(body, raise);
		});
}

/**
 * Where a model's reference images go in the body: `image_urls`, or, for models that take frames,
 * the first as `image_start` and the second as `image_end`.
 */
export function referenceBody(urls: string[], references: ReferenceLimits | undefined): Record<string, unknown> {
	if (!references || urls.length === 0) return {};
	if (!references.frames) return { [references.key]: urls };
	return { image_start: urls[0], ...(urls[1] ? { image_end: urls[1] } : {}) };
}

/** The body Evolink gets: dotted keys nested (`model_params.web_search` → `{ model_params: { web_search } }`). */
export function toRequestBody(values: Record<string, unknown>, model: ModelEntry): Record<string, unknown> {
	const body: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(values)) {
		if (value === undefined) continue;
		if (model.references && key === model.references.key) {
			Object.assign(body, referenceBody(value as string[], model.references));
			continue;
		}
		const path = key.split('.');
		let node = body;
		for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
		node[path[path.length - 1]] = value;
	}
	return body;
}

/** The top-level body keys a model's typed fields and envelope write. */
export function typedKeys(model: ModelEntry): Set<string> {
	const keys = ['model', 'prompt', 'callback_url', ...model.fields.map((field) => field.key.split('.')[0])];
	if (model.references) keys.push(...(model.references.frames ? ['image_start', 'image_end'] : [model.references.key]));
	if (model.mask) keys.push(model.mask.key);
	return new Set(keys);
}
