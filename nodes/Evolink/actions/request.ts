/**
 * Reads one item's request from the node's parameters and checks all of it — the model's own
 * fields, references (URLs or binary), mask, callback, extra JSON — before anything is sent.
 * Throws the input error that names field, rule and item.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../engine/nodeErrors';
import { checkBinaryReferences } from '../engine/references';
import type { BinaryReferences } from '../engine/references';
import type { PreparedItem } from '../engine/submit';
import { OTHER_MODEL, modelById, modelsFor } from '../rules/models';
import { gpt4oImage } from '../rules/models/gpt-4o-image';
import { checkEnvelope, checkExtraFields, parseJsonObject } from '../rules/models/other';
import { bodySchema, fieldLabels, toRequestBody } from '../rules/models/schema';
import { CREATE_ENDPOINTS } from '../rules/models/types';
import type { ModelEntry, OutputKind } from '../rules/models/types';
import type { InputProblem } from '../rules/request';
import { describeIssues } from '../rules/request';

/** Splits a list given as text (lines or commas) or as an array into clean entries. */
function splitList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[\n,]/) : [];
	return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

function isGiven(value: unknown): boolean {
	return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
}


/** The item's model: the catalogue entry, `OTHER_MODEL`, or the problem with the choice. */
function chosenModel(ctx: IExecuteFunctions, itemIndex: number, output: OutputKind): ModelEntry | typeof OTHER_MODEL {
	if (ctx.getNode().typeVersion === 1) return gpt4oImage;
	const id = String(ctx.getNodeParameter('model', itemIndex, '') ?? '').trim();
	if (id === OTHER_MODEL) return OTHER_MODEL;
	const model = modelById(id);
	if (model?.output === output) return model;
	const known = modelsFor(output).map((m) => m.id);
	throw inputError(ctx.getNode(), itemIndex, [
		{ field: 'Model', problem: `must be one of ${known.join(', ')} or "other" (then enter the ID), got "${id}"` },
	]);
}

/** Reads and checks one item's create request. */
export async function readCreateRequest(ctx: IExecuteFunctions, itemIndex: number, output: OutputKind): Promise<PreparedItem> {
	const node = ctx.getNode();
	const options = ctx.getNodeParameter('options', itemIndex, {}) as Record<string, unknown>;
	const model = chosenModel(ctx, itemIndex, output);
	const problems: InputProblem[] = [];
	const values: Record<string, unknown> = {};
	const prompt = ctx.getNodeParameter('prompt', itemIndex, '');
	if (isGiven(options.callbackUrl)) values.callback_url = options.callbackUrl;

	if (model === OTHER_MODEL) {
		const body = parseJsonObject(ctx.getNodeParameter('bodyJson', itemIndex, '{}'), 'Body (JSON)', problems);
		const envelope = {
			...body,
			model: ctx.getNodeParameter('modelId', itemIndex, ''),
			...(isGiven(prompt) ? { prompt } : {}),
			...values,
		};
		problems.push(...checkEnvelope(envelope, body));
		if (problems.length) throw inputError(node, itemIndex, problems);
		return { body: envelope, endpoint: CREATE_ENDPOINTS[output] };
	}

	values.model = model.id;
	if (isGiven(prompt) || model.prompt.required) values.prompt = prompt;
	for (const field of model.fields) {
		const value = ctx.getNodeParameter(field.param, itemIndex, field.default);
		const given = field.type === 'boolean' ? value === true || value === 'true' : isGiven(value);
		if (!field.optional || given) values[field.key] = value;
	}
	const source = model.references ? (ctx.getNodeParameter('referenceImages', itemIndex, 'none') as string) : 'none';
	if (source === 'url' && model.references) {
		const imageUrls = splitList(ctx.getNodeParameter('imageUrls', itemIndex, ''));
		if (imageUrls.length || model.references.min > 0) values[model.references.key] = imageUrls;
		if (model.mask) {
			const maskUrl = ctx.getNodeParameter('maskUrl', itemIndex, '');
			if (isGiven(maskUrl)) values[model.mask.key] = maskUrl;
		}
	} else if (source !== 'binary' && model.references && model.references.min > 0) {
		values[model.references.key] = [];
	}
	const parsed = bodySchema(model).safeParse(values);
	if (!parsed.success) problems.push(...describeIssues(parsed.error, fieldLabels(model)));
	const extra =
		ctx.getNode().typeVersion === 1
			? {}
			: parseJsonObject(options.additionalFields ?? '{}', 'Additional Body Fields (JSON)', problems);
	problems.push(...checkExtraFields(model, extra));

	let references: BinaryReferences | undefined;
	if (source === 'binary' && model.references) {
		const fields = splitList(ctx.getNodeParameter('imageBinaryFields', itemIndex, 'data'));
		const mask = model.mask ? String(ctx.getNodeParameter('maskBinaryField', itemIndex, '') ?? '').trim() || undefined : undefined;
		const checked = await checkBinaryReferences(ctx, itemIndex, fields, mask, model, values);
		problems.push(...checked.problems);
		references = checked.references;
	}
	if (!parsed.success || problems.length) throw inputError(node, itemIndex, problems);
	return {
		body: { ...toRequestBody(parsed.data, model), ...extra },
		references,
		endpoint: model.endpoint,
		expectedSeconds: model.expectedSeconds,
		model,
	};
}

