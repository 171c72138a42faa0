/**
 * The escape hatch: any model by id with its body as JSON, checked only for the envelope every
 * model shares; and extra JSON fields on typed models, for fields a model gains after a release.
 */
import { z } from 'zod';

import { callbackUrl } from '../request';
import type { InputProblem } from '../request';
import { typedKeys } from './schema';
import type { ModelEntry } from './types';

/** Parses a JSON field that must hold an object (n8n hands a json field over as text or as a value). */
export function parseJsonObject(value: unknown, label: string, problems: InputProblem[]): Record<string, unknown> {
	let parsed = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return {};
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			problems.push({ field: label, problem: `must be valid JSON: ${(error as Error).message}` });
			return {};
		}
	}
	if (parsed === undefined || parsed === null) return {};
	if (typeof parsed !== 'object' || Array.isArray(parsed)) {
		problems.push({ field: label, problem: `must be a JSON object like {"size": "16:9"}, got ${Array.isArray(parsed) ? 'an array' : typeof parsed}` });
		return {};
	}
	return parsed as Record<string, unknown>;
}

/** Model ids as Evolink writes them: letters, digits and . _ - : / (no spaces). */
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

const envelopeSchema = z
	.object({
		model: z
			.string({ invalid_type_error: 'must be text' })
			.trim()
			.min(1, 'is required: the model\'s ID from Evolink\'s documentation, e.g. doubao-seedream-5.0-lite')
			.regex(MODEL_ID, 'must be a model ID such as doubao-seedream-5.0-lite (letters, digits, ".", "_", "-", no spaces)'),
		prompt: z.string({ invalid_type_error: 'must be text' }).optional(),
		callback_url: callbackUrl.optional(),
	})
	.passthrough();

const ENVELOPE_LABELS: Record<string, string> = { model: 'Model ID', prompt: 'Prompt', callback_url: 'Callback URL' };

/** The envelope of an Other-model request; `body` is what the JSON field gave, for collisions. */
export function checkEnvelope(envelope: Record<string, unknown>, body: Record<string, unknown>): InputProblem[] {
	const problems: InputProblem[] = [];
	for (const key of ['model', 'prompt', 'callback_url']) {
		if (key in body) {
			problems.push({
				field: 'Body (JSON)',
				problem: `must not set "${key}": use the node's ${ENVELOPE_LABELS[key]} field (it would be overridden otherwise)`,
			});
		}
	}
	const parsed = envelopeSchema.safeParse(envelope);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) {
			problems.push({ field: ENVELOPE_LABELS[String(issue.path[0])] ?? 'Body (JSON)', problem: issue.message });
		}
	}
	return problems;
}

/** Extra body fields on a typed model: allowed, unless they collide with a field the node sets. */
export function checkExtraFields(model: ModelEntry, extra: Record<string, unknown>): InputProblem[] {
	const typed = typedKeys(model);
	return Object.keys(extra)
		.filter((key) => typed.has(key))
		.map((key) => ({
			field: 'Additional Body Fields (JSON)',
			problem: `must not set "${key}": ${model.displayName} has a field for it in the node; set it there`,
		}));
}
