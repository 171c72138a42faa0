/**
 * The run-wide options of the operations that submit tasks (Create, Generate) and of those that
 * wait for them (Generate, Get Status), with the code that reads them. One scheduler and one
 * download gate serve the whole run, so these options are read from the first item and take no
 * per-item expressions (`noDataExpression`). Ranges and defaults come from rules/limits.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { createLimiter } from '../engine/batch';
import type { DownloadOptions } from '../engine/downloads';
import type { PollOptions } from '../engine/poller';
import type { OutputMode } from '../engine/results';
import { DOWNLOAD_CONCURRENCY, RUN_OPTION_RANGES, type RunOptionName, clampOption } from '../rules/limits';
import { MODELS } from '../rules/models';

/** A number option whose bounds, precision and default are the rule's own. */
function numberOption(name: RunOptionName, displayName: string, description: string): INodeProperties {
	const { default: defaultValue, min, max, precision } = RUN_OPTION_RANGES[name];
	return {
		displayName,
		name,
		type: 'number',
		noDataExpression: true,
		typeOptions: { minValue: min, maxValue: max, numberPrecision: precision },
		default: defaultValue,
		description,
	};
}

export const concurrencyOption = numberOption(
	'concurrency',
	'Concurrency',
	'How many tasks to submit (or look up) at the same time when the node receives several items',
);

export const outputModeOption: INodeProperties = {
	displayName: 'Output',
	name: 'outputMode',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'One Item per Image',
			value: 'perImage',
			description: 'Each image becomes its own item with imageUrl and imageIndex, next to the task fields',
		},
		{
			name: 'One Item per Task',
			value: 'perTask',
			description: 'Each task becomes one item with all its image URLs in imageUrls',
		},
	],
	default: 'perTask',
	description: 'How to shape the output when a task produced several images',
};

/** Whether to fetch the result images as files: on by default for Generate… */
export const downloadImagesOn: INodeProperties = {
	displayName: 'Download Images',
	name: 'downloadImages',
	type: 'boolean',
	noDataExpression: true,
	default: true,
	description:
		'Whether to download the result images into binary data for the next node (Drive, S3, Slack, …). Evolink\'s result URLs expire after about 24 hours.',
};

/** …and off by default for Get Status, which often only checks on a task. */
export const downloadImagesOff: INodeProperties = { ...downloadImagesOn, default: false };

const whenDownloading = { show: { '/downloadImages': [true] } };

const maxSizeOptions = {
	image: { ...numberOption('maxImageSize', 'Max Image Size (MB)', 'Refuse result images larger than this'), displayOptions: whenDownloading },
	video: { ...numberOption('maxVideoSize', 'Max Video Size (MB)', 'Refuse result videos larger than this'), displayOptions: whenDownloading },
	audio: { ...numberOption('maxAudioSize', 'Max Audio Size (MB)', 'Refuse result tracks larger than this'), displayOptions: whenDownloading },
};

/** Options of the download for one kind of result (all kinds for Get Status), shown while downloading is on. */
export function downloadOptionsFor(...kinds: Array<'image' | 'video' | 'audio'>): INodeProperties[] {
	return [...kinds.map((kind) => maxSizeOptions[kind]), binaryPropertyOption];
}

const binaryPropertyOption: INodeProperties =
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		noDataExpression: true,
		default: 'data',
		displayOptions: whenDownloading,
		description:
			'Binary field for the file. With one item per task and several files, the next ones go to data_1, data_2, … (with "data" as the name).',
	};

/** Options of the wait: bounded so that no run polls in a busy loop or waits forever. */
export const waitOptions: INodeProperties[] = [
	numberOption(
		'maxStatusRequestsPerSecond',
		'Max Status Requests per Second',
		'Cap on status checks across all tasks of the run. The node asks far less on average; a 429 from Evolink pauses every check, halves this pace and lets it recover gradually.',
	),
	numberOption('minPollInterval', 'Min Poll Interval (Seconds)', 'The least time between two status checks of one task'),
	numberOption(
		'pollInterval',
		'Poll Interval (Seconds)',
		'The most time between two status checks while a task gives no estimate or runs late. The node checks sooner when Evolink\'s estimate and progress say the image is about to be ready.',
	),
	numberOption(
		'timeout',
		'Timeout (Seconds)',
		'How long to wait for a task before giving up. The task goes on at Evolink and can be fetched later with Get Status. n8n Cloud stops executions after about 5 minutes.',
	),
];

/** Extra body fields for a typed model (version 2), for fields a model gains after this release. */
export const additionalFieldsOption: INodeProperties = {
	displayName: 'Additional Body Fields (JSON)',
	name: 'additionalFields',
	type: 'json',
	default: '{}',
	description:
		'More fields for the request body, for what the model accepts but the node has no field for yet (e.g. {"seed": 42}). A field the node already sets is refused.',
	displayOptions: { show: { '/model': MODELS.map((model) => model.id) } },
};

/**
 * The wait options of an output kind. Video and music default the timeout to 0: the model's own
 * default (four times its usual time, at least ten minutes).
 */
export function waitOptionsFor(output: 'image' | 'video' | 'audio'): INodeProperties[] {
	if (output === 'image') return waitOptions;
	return waitOptions.map((option) =>
		option.name === 'timeout'
			? {
					...option,
					default: 0,
					typeOptions: { ...option.typeOptions, minValue: 0 },
					description:
						'How long to wait for a task before giving up; 0 waits four times the model\'s usual time (at least 10 minutes). The task goes on at Evolink and can be fetched later with Get Status. n8n Cloud stops executions after about 5 minutes.',
				}
			: option,
	);
}

/** Collection options in the alphabetical order n8n's panels use. */
export function byDisplayName(options: INodeProperties[]): INodeProperties[] {
	return [...options].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

function runOptions(ctx: IExecuteFunctions): Record<string, unknown> {
	return { ...(ctx.getNodeParameter('options', 0, {}) as Record<string, unknown>) };
}

/**
 * The run's polling settings (one scheduler serves the run). `defaultTimeoutSeconds` replaces a
 * timeout of 0 or none (video and music: the model's own default).
 */
export function readPollOptions(ctx: IExecuteFunctions, defaultTimeoutSeconds?: number): PollOptions {
	const options = runOptions(ctx);
	if (defaultTimeoutSeconds !== undefined && !Number(options.timeout)) options.timeout = defaultTimeoutSeconds;
	const minIntervalMs = clampOption('minPollInterval', options.minPollInterval) * 1000;
	return {
		minIntervalMs,
		maxIntervalMs: Math.max(minIntervalMs, clampOption('pollInterval', options.pollInterval) * 1000),
		timeoutMs: clampOption('timeout', options.timeout) * 1000,
		maxRequestsPerSecond: clampOption('maxStatusRequestsPerSecond', options.maxStatusRequestsPerSecond),
	};
}

export function readConcurrency(ctx: IExecuteFunctions): number {
	return Math.round(clampOption('concurrency', runOptions(ctx).concurrency));
}

export function readOutputMode(ctx: IExecuteFunctions): OutputMode {
	return runOptions(ctx).outputMode === 'perImage' ? 'perImage' : 'perTask';
}

/** The download settings, or undefined when Download Images is off. */
export function readDownloadOptions(ctx: IExecuteFunctions, byDefault: boolean): DownloadOptions | undefined {
	if (!(ctx.getNodeParameter('downloadImages', 0, byDefault) as boolean)) return undefined;
	const options = runOptions(ctx);
	const name = String(options.binaryPropertyName ?? 'data').trim() || 'data';
	return {
		binaryPropertyName: name,
		maxBytes: {
			image: clampOption('maxImageSize', options.maxImageSize) * 2 ** 20,
			video: clampOption('maxVideoSize', options.maxVideoSize) * 2 ** 20,
			audio: clampOption('maxAudioSize', options.maxAudioSize) * 2 ** 20,
		},
		limiter: createLimiter(DOWNLOAD_CONCURRENCY),
	};
}
