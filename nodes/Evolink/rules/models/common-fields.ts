/**
 * Field shapes that several models share, each with the model's own bounds: a duration in
 * seconds, an output quality, a negative prompt. The models' files say which bounds apply.
 */
import type { ModelField } from './types';

export function durationField(param: string, min: number, max: number, note = ''): ModelField {
	return {
		type: 'number',
		key: 'duration',
		param,
		label: 'Duration (Seconds)',
		description: `Length of the video, ${min}–${max} s${note}`,
		min,
		max,
		integer: true,
		default: 5,
	};
}

export function qualityField(param: string, values: string[], defaultValue: string, description = 'Output resolution'): ModelField {
	return { type: 'options', key: 'quality', param, label: 'Quality', description, values, default: defaultValue };
}

export function negativePromptField(param: string, subject: string, maxLength?: number): ModelField {
	return {
		type: 'string',
		key: 'negative_prompt',
		param,
		label: 'Negative Prompt',
		description: `What the ${subject} should avoid${maxLength ? `, at most ${maxLength} characters` : ''}`,
		default: '',
		...(maxLength ? { maxLength } : {}),
		optional: true,
	};
}
