/**
 * The one module that talks HTTP. Every request goes through n8n's
 * `httpRequestWithAuthentication`, so the credential adds the Bearer header and n8n's proxy,
 * TLS and cancel handling apply. Reads are retried with backoff; a create is only re-sent when
 * Evolink provably did not process it, because a blind retry could bill a second task.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { EvolinkFailure, type FailureDetails } from '../helpers/errors';
import { isCancelled, pause } from '../helpers/pause';
import { errorEnvelopeSchema } from '../helpers/schemas';

export const CREDENTIAL_TYPE = 'evolinkApi';

export interface Endpoints {
	baseUrl: string;
	filesBaseUrl: string;
}

export interface EvolinkRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	/** Which server: the task API or the file API. */
	server?: 'api' | 'files';
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

function trimSlash(url: string): string {
	return url.trim().replace(/\/+$/, '');
}

/** Reads the credential's base URLs once per execution. */
export async function getEndpoints(ctx: IExecuteFunctions): Promise<Endpoints> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	return {
		baseUrl: trimSlash(String(credentials.baseUrl || 'https://api.evolink.ai')),
		filesBaseUrl: trimSlash(String(credentials.filesBaseUrl || 'https://files-api.evolink.ai')),
	};
}

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

async function sendOnce(ctx: IExecuteFunctions, url: string, request: EvolinkRequest): Promise<FullResponse> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		headers: { Accept: 'application/json', ...request.headers },
		abortSignal: ctx.getExecutionCancelSignal?.(),
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

/**
 * Sends one Evolink request, retrying what is safe to retry, and returns the parsed JSON body.
 * Throws `EvolinkFailure` (never an error that carries request headers).
 */
export async function evolinkRequest(
	ctx: IExecuteFunctions,
	endpoints: Endpoints,
	request: EvolinkRequest,
): Promise<unknown> {
	const base = request.server === 'files' ? endpoints.filesBaseUrl : endpoints.baseUrl;
	const url = `${base}${request.path}`;
	const maxRetries = request.maxRetries ?? DEFAULT_RETRIES;
	for (let attempt = 0; ; attempt++) {
		if (isCancelled(ctx)) {
			throw new EvolinkFailure({ kind: 'cancelled', method: request.method, path: request.path });
		}
		let failure: FailureDetails;
		let mayRetry: boolean;
		try {
			const response = await sendOnce(ctx, url, request);
			if (response.statusCode >= 200 && response.statusCode < 300) return response.body;
			failure = httpFailure(request, response);
			const status = response.statusCode;
			if (request.idempotent) {
				mayRetry = status === 429 || status >= 500;
			} else {
				// 429 means "not processed"; a 5xx may come after the task was created.
				mayRetry = status === 429;
				if (status >= 500) failure.taskMayExist = true;
			}
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
		if (isCancelled(ctx)) failure = { kind: 'cancelled', method: request.method, path: request.path };
		if (failure.kind === 'cancelled' || !mayRetry || attempt >= maxRetries) throw new EvolinkFailure(failure);
		if (!(await pause(ctx, backoffMs(attempt, failure.retryAfterMs)))) {
			throw new EvolinkFailure({ kind: 'cancelled', method: request.method, path: request.path });
		}
	}
}
