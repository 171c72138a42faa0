/**
 * Options shared by the operations that wait for tasks (Generate, Get Status) and by those that
 * submit them (Create, Generate), with the code that reads them.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { createLimiter } from '../helpers/batch';
import type { DownloadOptions, OutputMode } from '../helpers/output';
import type { PollOptions } from '../helpers/poller';

export const DEFAULT_TIMEOUT_SECONDS = 300;
export const DEFAULT_POLL_INTERVAL_SECONDS = 5;
export const DEFAULT_MIN_POLL_INTERVAL_SECONDS = 1;
export const DEFAULT_STATUS_REQUESTS_PER_SECOND = 10;
export const DEFAULT_CONCURRENCY = 5;

export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 20, numberPrecision: 0 },
	default: DEFAULT_CONCURRENCY,
	description: 'How many tasks to submit at the same time when the node receives several items',
};

export const outputModeOption: INodeProperties = {
	displayName: 'Output',
	name: 'outputMode',
	type: 'options',
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

export const DEFAULT_MAX_IMAGE_MB = 50;
const DOWNLOAD_CONCURRENCY = 4;

const downloadImagesDescription =
	'Whether to download the result images into binary data for the next node (Drive, S3, Slack, …). Evolink\'s result URLs expire after about 24 hours.';

/** Whether to fetch the result images as files: on by default for Generate… */
export const downloadImagesOn: INodeProperties = {
	displayName: 'Download Images',
	name: 'downloadImages',
	type: 'boolean',
	default: true,
	description: downloadImagesDescription,
};

/** …and off by default for Get Status, which often only checks on a task. */
export const downloadImagesOff: INodeProperties = {
	displayName: 'Download Images',
	name: 'downloadImages',
	type: 'boolean',
	default: false,
	description: downloadImagesDescription,
};

const whenDownloading = { show: { '/downloadImages': [true] } };

/** Options of the download, shown while Download Images is on. */
export const downloadOptions: INodeProperties[] = [
	{
		displayName: 'Max Image Size (MB)',
		name: 'maxImageSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 500, numberPrecision: 0 },
		default: DEFAULT_MAX_IMAGE_MB,
		displayOptions: whenDownloading,
		description: 'Refuse result files larger than this',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		displayOptions: whenDownloading,
		description:
			'Binary field for the image. With one item per task and several images, the next images go to data_1, data_2, … (with "data" as the name).',
	},
];

/** Options of the wait: bounded so that no run polls in a busy loop or waits forever. */
export const waitOptions: INodeProperties[] = [
	{
		displayName: 'Max Status Requests per Second',
		name: 'maxStatusRequestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 50, numberPrecision: 0 },
		default: DEFAULT_STATUS_REQUESTS_PER_SECOND,
		description: 'Cap on status checks across all tasks of the run, to protect the account\'s rate limit',
	},
	{
		displayName: 'Min Poll Interval (Seconds)',
		name: 'minPollInterval',
		type: 'number',
		typeOptions: { minValue: 0.5, maxValue: 60, numberPrecision: 1 },
		default: DEFAULT_MIN_POLL_INTERVAL_SECONDS,
		description: 'The least time between two status checks of one task',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 300, numberPrecision: 1 },
		default: DEFAULT_POLL_INTERVAL_SECONDS,
		description:
			'The most time between two status checks while a task gives no estimate or runs late. The node checks sooner when Evolink\'s estimate and progress say the image is about to be ready.',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 86400, numberPrecision: 0 },
		default: DEFAULT_TIMEOUT_SECONDS,
		description:
			'How long to wait for a task before giving up. The task goes on at Evolink and can be fetched later with Get Status. n8n Cloud stops executions after about 5 minutes.',
	},
];

/** Collection options in the alphabetical order n8n's panels use. */
export function byDisplayName(options: INodeProperties[]): INodeProperties[] {
	return [...options].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

function numberOption(options: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
	const value = Number(options[name] ?? fallback);
	if (!Number.isFinite(value)) return fallback;
	return Math.min(max, Math.max(min, value));
}

/** The batch's polling settings, read from the first item (one scheduler serves the batch). */
export function readPollOptions(ctx: IExecuteFunctions, parameter = 'options'): PollOptions {
	const options = ctx.getNodeParameter(parameter, 0, {}) as Record<string, unknown>;
	const minIntervalMs = numberOption(options, 'minPollInterval', DEFAULT_MIN_POLL_INTERVAL_SECONDS, 0.5, 60) * 1000;
	return {
		minIntervalMs,
		maxIntervalMs: Math.max(minIntervalMs, numberOption(options, 'pollInterval', DEFAULT_POLL_INTERVAL_SECONDS, 1, 300) * 1000),
		timeoutMs: numberOption(options, 'timeout', DEFAULT_TIMEOUT_SECONDS, 1, 86400) * 1000,
		maxRequestsPerSecond: numberOption(options, 'maxStatusRequestsPerSecond', DEFAULT_STATUS_REQUESTS_PER_SECOND, 1, 50),
	};
}

export function readConcurrency(ctx: IExecuteFunctions, parameter = 'options'): number {
	const options = ctx.getNodeParameter(parameter, 0, {}) as Record<string, unknown>;
	return Math.round(numberOption(options, 'concurrency', DEFAULT_CONCURRENCY, 1, 20));
}

export function readOutputMode(ctx: IExecuteFunctions, parameter = 'options'): OutputMode {
	const options = ctx.getNodeParameter(parameter, 0, {}) as Record<string, unknown>;
	return options.outputMode === 'perImage' ? 'perImage' : 'perTask';
}

/** The download settings, or undefined when Download Images is off. */
export function readDownloadOptions(ctx: IExecuteFunctions, defaultValue: boolean): DownloadOptions | undefined {
	if (!(ctx.getNodeParameter('downloadImages', 0, defaultValue) as boolean)) return undefined;
	const options = ctx.getNodeParameter('options', 0, {}) as Record<string, unknown>;
	const name = String(options.binaryPropertyName ?? 'data').trim() || 'data';
	return {
		binaryPropertyName: name,
		maxBytes: numberOption(options, 'maxImageSize', DEFAULT_MAX_IMAGE_MB, 1, 500) * 2 ** 20,
		limiter: createLimiter(DOWNLOAD_CONCURRENCY),
	};
}
