/**
 * The Model choice and each model's own fields, as n8n properties derived from the catalogue
 * (rules/models): version 2 of the node shows a Model option and, below it, only the chosen
 * model's fields; "Other (Enter ID)" takes any model id with the rest of the body as JSON.
 */
import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { MODELS, OTHER_MODEL, modelsFor } from '../rules/models';
import type { ModelEntry, ModelField, OutputKind } from '../rules/models';

const OUTPUT_NOUN: Record<OutputKind, string> = { image: 'image', video: 'video', audio: 'music' };

function modelOption(model: ModelEntry): INodePropertyOptions {
	return { name: model.displayName, value: model.id, description: `${model.id}: ${model.summary}` };
}

/** The default model of each output kind in version 2. */
export const DEFAULT_MODEL: Record<OutputKind, string> = {
	image: 'gemini-3.1-flash-image-preview',
	video: 'seedance-2.0-text-to-video',
	audio: 'suno-v5-beta',
};

/** Model, Model ID (for Other) and Body (JSON) (for Other), shown in version 2. */
export function modelChoice(output: OutputKind): INodeProperties[] {
	const models = modelsFor(output);
	const fallback = models.some((model) => model.id === DEFAULT_MODEL[output]) ? DEFAULT_MODEL[output] : models[0]?.id ?? OTHER_MODEL;
	const v2 = { '@version': [2] };
	return [
		{
			displayName: 'Model',
			name: 'model',
			type: 'options',
			options: [
				...models.map(modelOption).sort((a, b) => a.name.localeCompare(b.name)),
				{
					name: 'Other (Enter ID)',
					value: OTHER_MODEL,
					description: `Any other Evolink ${OUTPUT_NOUN[output]} model by its ID, with the rest of the request as JSON`,
				},
			],
			default: fallback,
			description: `Which Evolink ${OUTPUT_NOUN[output]} model makes the ${OUTPUT_NOUN[output]}. Each model shows its own fields below; the README's model table lists them.`,
			displayOptions: { show: v2 },
		},
		{
			displayName: 'Model ID',
			name: 'modelId',
			type: 'string',
			// Not `required`: with the model chosen by an expression ($fromAI), n8n would then demand it
			// whatever the model. The node checks it itself when Other is chosen.
			default: '',
			placeholder: 'e.g. doubao-seedream-5.0-lite',
			description: 'The model\'s ID exactly as Evolink\'s documentation writes it',
			displayOptions: { show: { ...v2, model: [OTHER_MODEL] } },
		},
		{
			displayName: 'Body (JSON)',
			name: 'bodyJson',
			type: 'json',
			default: '{}',
			description:
				'The rest of the request body as the model\'s page describes it (e.g. {"size": "16:9", "n": 2}). The node checks only the envelope: model, prompt and callback URL.',
			displayOptions: { show: { ...v2, model: [OTHER_MODEL] } },
		},
	];
}

function fieldProperty(field: ModelField): INodeProperties {
	const base = { displayName: field.label, name: field.param, description: field.description };
	switch (field.type) {
		case 'options':
			return {
				...base,
				type: 'options',
				options: field.values
					.map((value) => ({ name: field.names?.[String(value)] ?? String(value), value }))
					.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true })),
				default: field.default,
			};
		case 'number':
			return {
				...base,
				type: 'number',
				typeOptions: { minValue: field.min, maxValue: field.max, numberPrecision: field.integer ? 0 : 2 },
				default: field.default,
			};
		case 'boolean':
			return { ...base, type: 'boolean', default: field.default };
		case 'string':
			return { ...base, type: 'string', default: field.default, ...(field.placeholder ? { placeholder: field.placeholder } : {}) };
	}
}

/** A model's own fields, shown where `show` holds. */
export function modelFieldProperties(model: ModelEntry, show: IDisplayOptions['show']): INodeProperties[] {
	return model.fields.map((field) => ({ ...fieldProperty(field), displayOptions: { show } }));
}

/** Hides a property for the version-2 models that lack a capability (no effect in version 1, which has no Model). */
export function hideForModelsWithout(has: (model: ModelEntry) => boolean): IDisplayOptions['hide'] {
	return { model: [...MODELS.filter((model) => !has(model)).map((model) => model.id), OTHER_MODEL] };
}
