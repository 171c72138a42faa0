/**
 * The shape of a model catalogue entry: everything the package knows about one Evolink model, in
 * one place. The node's fields, the checks before any request, the request body, the README's
 * model table and the simulator's rules are all derived from these entries, so a model whose API
 * changes is a one-file fix (its own file in this folder). Pure data and zod.
 */
import type { z } from 'zod';

export type OutputKind = 'image' | 'video' | 'audio';

/** The create endpoint of each output kind. */
export const CREATE_ENDPOINTS = {
	image: '/v1/images/generations',
	video: '/v1/videos/generations',
	audio: '/v1/audios/generations',
} as const;

export type CreateEndpoint = (typeof CREATE_ENDPOINTS)[OutputKind];

interface FieldBase {
	/** Where the value goes in the request body; a dotted path nests it (`model_params.web_search`). */
	key: string;
	/** The node parameter holding it (unique per model; shared names keep values across models). */
	param: string;
	label: string;
	description: string;
	/**
	 * Left out of the body when empty (an options value '' means "the model's default"; an
	 * optional switch is sent only when on).
	 */
	optional?: boolean;
}

export interface OptionsField extends FieldBase {
	type: 'options';
	/** Allowed values, in the order the model's page lists them. */
	values: ReadonlyArray<string | number>;
	default: string | number;
	/** Display names for values that need one (e.g. '' → "Model Default"). */
	names?: Readonly<Record<string, string>>;
}

export interface NumberField extends FieldBase {
	type: 'number';
	min: number;
	max: number;
	integer: boolean;
	default: number;
}

export interface BooleanField extends FieldBase {
	type: 'boolean';
	default: boolean;
}

export interface TextField extends FieldBase {
	type: 'string';
	default: string;
	maxLength?: number;
	placeholder?: string;
	/** The field's own rule: the problem with a value, or undefined when it is fine. */
	check?: (value: string) => string | undefined;
}

export type ModelField = OptionsField | NumberField | BooleanField | TextField;

/** How many reference images a model takes, how large and in which formats. */
export interface ReferenceLimits {
	/** The body key the URLs go to. */
	key: 'image_urls';
	min: number;
	max: number;
	/** Bytes per image (decimal megabytes, the stricter reading of the vendors' "MB"). */
	maxBytes: number;
	/** Formats read from the file's bytes: 'png', 'jpeg', 'webp', 'gif'. */
	formats: readonly string[];
	/** Pixel bounds per side, where the model's page states them. */
	minSide?: number;
	maxSide?: number;
	/** The longest side may be at most this many times the shortest. */
	maxAspect?: number;
	/**
	 * Frames rather than a list: the first image goes to `image_start`, the second to
	 * `image_end` (video models such as Kling O3 and Wan 2.7).
	 */
	frames?: boolean;
	/** A body key holding a WxH size that each image must match exactly (Sora 2). */
	exactSizeKey?: string;
}

/** Masks, for the models that edit through one. */
export interface MaskLimits {
	key: 'mask_url';
	maxBytes: number;
}

/** What a rule found wrong: the body key it concerns and the problem, in words. */
export type RaiseIssue = (key: string, problem: string) => void;

export interface ModelEntry {
	/** The `model` value Evolink expects. */
	id: string;
	displayName: string;
	/** What it is good at and what it costs in time, for people and for AI agents. */
	summary: string;
	output: OutputKind;
	endpoint: CreateEndpoint;
	/** The vendor page the rules come from. */
	source: string;
	/** The example `estimated_time` of the model's page, in seconds. */
	expectedSeconds: number;
	prompt: { required: boolean; maxCharacters: number };
	fields: readonly ModelField[];
	references?: ReferenceLimits;
	mask?: MaskLimits;
	/** Rules that tie fields together (e.g. a resolution only with a ratio). */
	crossCheck?: (body: Record<string, unknown>, raise: RaiseIssue) => void;
}

export type BodySchema = z.ZodType<Record<string, unknown>>;
