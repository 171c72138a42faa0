/**
 * How one request reaches Evolink, and how a result file comes back. Every API request goes
 * through n8n's `httpRequestWithAuthentication`, so the credential adds the Bearer header and
 * n8n's proxy, TLS and cancel handling apply. Reads are retried with backoff; a create is only
 * re-sent when Evolink provably did not process it, because a blind retry could bill a second
 * task. Result files are fetched without the credential.
 */
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IWebhookFunctions,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { errorEnvelopeSchema } from '../rules/answers';
import { extensionFor, mediaTypeOfUrl } from '../rules/imageInfo';
import { EvolinkFailure, type FailureDetails } from './failure';
import { cancelSignal, isCancelled, pause } from './pause';

/**
 * What the transport needs of n8n: the credential, n8n's request and binary helpers, and (in an
 * execution) the cancel signal. Both an execution (Evolink node) and a webhook call (Evolink
 * Trigger) provide it, in n8n 1.x and 2.x.
 */
export type EvolinkContext = IExecuteFunctions | IWebhookFunctions;

export const CREDENTIAL_TYPE = 'evolinkApi';

interface EvolinkRequest {
	method: IHttpRequestMethods;
	path: string;
	/** JSON, or raw bytes (a multipart upload) sent as they are. */
	body?: IDataObject | Buffer;
	/**
	 * False for requests that spend credits (create). Those are retried only after a 429 or a
	 * refused connection, where Evolink cannot have processed them.
	 */
	idempotent: boolean;
	/** Retries after the first attempt (default 4). The poller passes 0 and reschedules itself. */
	maxRetries?: number;
	timeoutMs?: number;
	headers?: Record<string, string>;
}

const DEFAULT_RETRIES = 4;
const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_BACKOFF_MS = 16_000;
const MAX_RETRY_AFTER_MS = 60_000;

/** Network codes that prove the request never reached Evolink. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const seconds = Number(text);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(text));
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with jitter, or what the server asked for. */
export function backoffMs(attempt: number, retryAfterMs?: number): number {
	if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
	const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt);
	return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** Finds a Node network error code (ECONNRESET, ETIMEDOUT, …) anywhere in an error's causes. */
function networkCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^(E[A-Z_]+|ERR_[A-Z_]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function parseBody(body: unknown): unknown {
	if (typeof body === 'string' && body.length && /^[[{]/.test(body.trim())) {
		try {
			return JSON.parse(body);
		} catch {
			return body;
		}
	}
	return body;
}

interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

async function sendOnce(ctx: EvolinkContext, url: string, request: EvolinkRequest): Promise<FullResponse> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url,
		json: !Buffer.isBuffer(request.body),
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		headers: { Accept: 'application/json', ...request.headers },
		abortSignal: cancelSignal(ctx),
	};
	if (request.body !== undefined) options.body = request.body;
	const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options)) as FullResponse;
	return { statusCode: response.statusCode, headers: response.headers ?? {}, body: parseBody(response.body) };
}

function httpFailure(request: EvolinkRequest, response: FullResponse): FailureDetails {
	const envelope = errorEnvelopeSchema.safeParse(response.body);
	const error = envelope.success ? envelope.data.error : undefined;
	const fallback = typeof response.body === 'string' ? response.body.slice(0, 200) : undefined;
	return {
		kind: 'http',
		status: response.statusCode,
		code: error?.code,
		apiMessage: error?.message ?? fallback,
		param: error?.param ?? undefined,
		retryAfterMs: parseRetryAfter(response.headers['retry-after']),
		method: request.method,
		path: request.path,
	};
}

/** The answer could not be used: what was wrong with it, in a few words. */
export class UnreadableAnswer extends Error {}

/**
 * Sends one Evolink request, retrying what is safe to retry, and returns the 2xx answer's body as
 * `read` turns it into a value. `read` throws `UnreadableAnswer` for a body the node cannot use
 * (a proxy's HTML page, JSON of another shape): a read then asks again, as for a 5xx, while a
 * create, which Evolink may have carried out, is reported as possibly created and never re-sent.
 * Throws `EvolinkFailure` (never an error that carries request headers).
 */
export async function evolinkRequest<T>(
	ctx: EvolinkContext,
	baseUrl: string,
	request: EvolinkRequest,
	read: (body: unknown) => T,
): Promise<T> {
	const url = `${baseUrl}${request.path}`;
	const maxRetries = request.maxRetries ?? DEFAULT_RETRIES;
	for (let attempt = 0; ; attempt++) {
		if (isCancelled(ctx)) {
			throw new EvolinkFailure({ kind: 'cancelled', method: request.method, path: request.path });
		}
		// Set on every path below that does not return (definite assignment, checked by reading).
		let failure!: FailureDetails;
		let mayRetry!: boolean;
		let response: FullResponse | undefined;
		try {
			response = await sendOnce(ctx, url, request);
		} catch (error) {
			const code = networkCode(error) ?? 'UNKNOWN';
			failure = {
				kind: 'network',
				code,
				apiMessage: code === 'ECONNABORTED' || code === 'ETIMEDOUT' ? 'no answer in time' : 'the connection failed',
				method: request.method,
				path: request.path,
			};
			mayRetry = request.idempotent || NOT_SENT_CODES.has(code);
			if (!request.idempotent && !NOT_SENT_CODES.has(code)) failure.taskMayExist = true;
		}
		if (response) {
			const status = response.statusCode;
			if (status >= 200 && status < 300) {
				try {
					return read(response.body);
				} catch (error) {
					const problem = (error as Error).message;
					failure = { kind: 'invalid-response', status, apiMessage: problem, method: request.method, path: request.path };
				}
				mayRetry = request.idempotent;
				if (request.idempotent) failure.transient = true;
				else failure.taskMayExist = true;
			} else {
				failure = httpFailure(request, response);
				if (request.idempotent) {
					mayRetry = status === 429 || status >= 500;
				} else {
					// 429 means "not processed"; a 5xx may come after the task was created.
					mayRetry = status === 429;
					if (status >= 500) failure.taskMayExist = true;
				}
			}
		}
		if (isCancelled(ctx)) failure = { kind: 'cancelled', method: request.method, path: request.path };
		if (failure.kind === 'cancelled' || !mayRetry || attempt >= maxRetries) throw new EvolinkFailure(failure);
		if (!(await pause(ctx, backoffMs(attempt, failure.retryAfterMs)))) {
			throw new EvolinkFailure({ kind: 'cancelled', method: request.method, path: request.path });
		}
	}
}

// ---- Result files ----

export interface DownloadRequest {
	url: string;
	/** What the file must be (default image): its media type must say so. */
	kind?: 'image' | 'video' | 'audio';
	/** File name without extension; the extension follows the content type. */
	baseName: string;
	maxBytes: number;
}

const DOWNLOAD_RETRIES = 3;
const DOWNLOAD_TIMEOUT_MS = 120_000;

interface StreamResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: NodeJS.ReadableStream & { destroy: (error?: Error) => void };
}

function downloadFailure(download: DownloadRequest, problem: string, extra: Partial<FailureDetails> = {}): EvolinkFailure {
	return new EvolinkFailure({ kind: 'download', apiMessage: problem, method: 'GET', path: download.url, ...extra });
}

async function downloadOnce(ctx: EvolinkContext, download: DownloadRequest): Promise<IBinaryData> {
	let response: StreamResponse;
	try {
		response = (await ctx.helpers.httpRequest({
			method: 'GET',
			url: download.url,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: DOWNLOAD_TIMEOUT_MS,
			abortSignal: cancelSignal(ctx),
		})) as StreamResponse;
	} catch (error) {
		throw downloadFailure(download, `the connection failed (${networkCode(error) ?? 'unknown error'})`, { transient: true });
	}
	const stream = response.body;
	const { statusCode } = response;
	if (statusCode < 200 || statusCode >= 300) {
		stream.destroy();
		throw downloadFailure(download, `the file host answered HTTP ${statusCode}`, {
			status: statusCode,
			transient: statusCode === 429 || statusCode >= 500,
		});
	}
	const kind = download.kind ?? 'image';
	let mimeType = String(response.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	// Storage hosts often send media as a generic binary type: the URL's extension then tells.
	if (['application/octet-stream', 'binary/octet-stream', ''].includes(mimeType)) mimeType = mediaTypeOfUrl(download.url) ?? mimeType;
	const tooLarge = `the file is larger than the ${Math.round(download.maxBytes / 2 ** 20)} MB limit set in the node's options`;
	const declared = Number(response.headers['content-length']);
	if (!mimeType.startsWith(`${kind}/`)) {
		stream.destroy();
		throw downloadFailure(download, `the file is not ${kind === 'image' ? 'an image' : `${kind === 'video' ? 'a video' : 'audio'}`} (content type "${mimeType || 'none'}")`);
	}
	if (Number.isFinite(declared) && declared > download.maxBytes) {
		stream.destroy();
		throw downloadFailure(download, `${tooLarge} (${(declared / 2 ** 20).toFixed(1)} MB)`);
	}
	// A host may send more than it declared: count what arrives and stop at the cap. Counting
	// wraps `emit` instead of adding a 'data' listener, which would start the flow before n8n's
	// binary helper reads the stream (and lose the first chunks in filesystem mode).
	let received = 0;
	let overLimit = false;
	const emit = stream.emit.bind(stream);
	stream.emit = (event: string | symbol, ...args: unknown[]): boolean => {
		if (event === 'data' && !overLimit) {
			received += (args[0] as { length: number }).length;
			if (received > download.maxBytes) {
				overLimit = true;
				stream.destroy(new Error('size limit reached'));
				return false;
			}
		}
		return emit(event, ...args);
	};
	try {
		return await ctx.helpers.prepareBinaryData(stream as unknown as Buffer, `${download.baseName}.${extensionFor(mimeType)}`, mimeType);
	} catch (error) {
		throw overLimit
			? downloadFailure(download, tooLarge)
			: downloadFailure(download, `the transfer broke off (${(error as Error).message})`, { transient: true });
	}
}

/**
 * Streams a result image into n8n's binary data (in filesystem mode it goes straight to disk, so
 * no more than the pieces in transit are held in memory). Result URLs are public: the request is
 * made without the credential, so the API key never reaches the file host. Checks the content
 * type and the size cap, and retries transient failures.
 */
export async function downloadFile(ctx: EvolinkContext, download: DownloadRequest): Promise<IBinaryData> {
	for (let attempt = 0; ; attempt++) {
		let failure: EvolinkFailure;
		try {
			return await downloadOnce(ctx, download);
		} catch (error) {
			failure = error instanceof EvolinkFailure ? error : downloadFailure(download, String((error as Error).message));
		}
		if (!failure.details.transient || attempt >= DOWNLOAD_RETRIES || isCancelled(ctx)) throw failure;
		if (!(await pause(ctx, backoffMs(attempt)))) throw failure;
	}
}
