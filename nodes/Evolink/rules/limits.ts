/**
 * Every number the package lives by, written once: the seed model's limits (from Evolink's
 * documentation, see docs/evolink-api.md), Evolink's default hosts, and the ranges and defaults of
 * the node's run-wide options. Field definitions, validation and read-time clamps all read them
 * from here. Pure: no n8n, no I/O.
 */

export const MODEL = 'gpt-4o-image';
export const IMAGE_SIZES = ['1:1', '2:3', '3:2', '1024x1024', '1024x1536', '1536x1024'] as const;
export const IMAGE_COUNTS = [1, 2, 4] as const;
export const MAX_PROMPT_CHARACTERS = 1000;
export const MAX_REFERENCE_IMAGES = 5;
/**
 * The vendor writes "10MB" and "4MB" without saying which megabyte: the stricter, decimal reading
 * is enforced, so no file that passes here is refused by Evolink for its size.
 */
export const MEGABYTE = 1_000_000;
export const MAX_REFERENCE_BYTES = 10 * MEGABYTE;
export const MAX_MASK_BYTES = 4 * MEGABYTE;
/** gpt-4o-image reads these; the file API also takes GIF, which the model does not. */
export const REFERENCE_FORMATS: readonly string[] = ['png', 'jpeg', 'webp'];
export const MAX_CALLBACK_URL_LENGTH = 2048;

/** Evolink's hosts, used when the credential leaves them empty. */
export const DEFAULT_BASE_URL = 'https://api.evolink.ai';
export const DEFAULT_FILES_BASE_URL = 'https://files-api.evolink.ai';

interface NumberRange {
	default: number;
	min: number;
	max: number;
	/** Decimal places the field accepts. */
	precision: number;
}

/**
 * The node's run-wide numeric options. The timeout default fits the vendor's example estimate
 * (about 100 s) with room for queues; the status-request cap is a guard rail that a batch of 200
 * never reaches on average (README, "Waiting and rate limits"), and 429s lower it at run time.
 */
export const RUN_OPTION_RANGES = {
	concurrency: { default: 5, min: 1, max: 20, precision: 0 },
	maxImageSize: { default: 50, min: 1, max: 500, precision: 0 },
	// Videos run to hundreds of MB; they stream to disk in filesystem mode, so a high cap is safe there.
	maxVideoSize: { default: 1000, min: 1, max: 10000, precision: 0 },
	maxAudioSize: { default: 200, min: 1, max: 2000, precision: 0 },
	maxStatusRequestsPerSecond: { default: 100, min: 1, max: 200, precision: 0 },
	minPollInterval: { default: 1, min: 0.5, max: 60, precision: 1 },
	pollInterval: { default: 5, min: 1, max: 300, precision: 1 },
	timeout: { default: 300, min: 1, max: 86400, precision: 0 },
} satisfies Record<string, NumberRange>;

export type RunOptionName = keyof typeof RUN_OPTION_RANGES;

/** A value within the option's range; its default when the value is missing or not a number. */
export function clampOption(name: RunOptionName, value: unknown): number {
	const range: NumberRange = RUN_OPTION_RANGES[name];
	const number = value === undefined || value === null || value === '' ? NaN : Number(value);
	if (!Number.isFinite(number)) return range.default;
	return Math.min(range.max, Math.max(range.min, number));
}

/** How many result files are fetched at once across a run. */
export const DOWNLOAD_CONCURRENCY = 4;
