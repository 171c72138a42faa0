/**
 * The Evolink client of one execution: the only way the engine and the operations reach
 * Evolink. It reads the credential itself (the hosts; n8n adds the key), and each endpoint's
 * answer is checked against the schemas before anyone relies on it.
 */
import type { IBinaryData, IDataObject } from 'n8n-workflow';

import type { EvolinkTask } from '../rules/answers';
import { creditsResponseSchema, taskSchema, uploadResponseSchema } from '../rules/answers';
import { DEFAULT_BASE_URL, DEFAULT_FILES_BASE_URL } from '../rules/limits';
import type { CreateEndpoint } from '../rules/models/types';
import type { CreateTaskRequest } from '../rules/request';
import { EvolinkFailure } from './failure';
import { CREDENTIAL_TYPE, type DownloadRequest, type EvolinkContext, UnreadableAnswer, downloadFile, evolinkRequest } from './http';
import { isCancelled } from './pause';

interface UploadFile {
	bytes: Buffer;
	fileName: string;
	mimeType: string;
}

export interface EvolinkClient {
	/** `POST` to a create endpoint (images, videos, audios): spends credits, so it is never re-sent blindly. */
	createTask(body: CreateTaskRequest, endpoint: CreateEndpoint): Promise<EvolinkTask>;
	/**
	 * `GET /v1/tasks/{id}`; `retries` after the first attempt (the poller passes 0); `timeoutMs`
	 * per attempt (default 60 s; the trigger must answer Evolink within 10 s).
	 */
	getTask(taskId: string, retries?: number, timeoutMs?: number): Promise<EvolinkTask>;
	/** `GET /v1/credits`: the account's balance; free and without side effects. */
	getCredits(): Promise<IDataObject>;
	/** Uploads one image through the file API; returns its public URL (valid 72 hours). */
	uploadImage(file: UploadFile): Promise<string>;
	/** Streams a result file into n8n's binary data, without the credential. */
	downloadFile(download: DownloadRequest): Promise<IBinaryData>;
	/** Whether the execution was cancelled: waiting and retrying stop then. */
	isCancelled(): boolean;
}

/** What the poller needs of a client. */
export type TaskReader = Pick<EvolinkClient, 'getTask' | 'isCancelled'>;

/** Reads a task object, or says what is wrong with the answer. */
function readTask(body: unknown, expectedId?: string): EvolinkTask {
	const parsed = taskSchema.safeParse(body);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const field = `"${issue.path.join('.')}"`;
		const where = issue.path.length && !issue.message.includes(field) ? `${field} ` : '';
		const problem = typeof body === 'string' ? 'is not JSON (e.g. a proxy\'s error page)' : `${where}${issue.message}`;
		throw new UnreadableAnswer(`the task object ${problem}`.replace(/ +/g, ' '));
	}
	// A proxy or cache that mixes answers up must not hand one task's images to another.
	if (expectedId !== undefined && parsed.data.id !== expectedId) {
		throw new UnreadableAnswer(`the answer is about task "${parsed.data.id}", not "${expectedId}"`);
	}
	return parsed.data;
}

/** A key the gateway may use to spot a replayed create; harmless where it is ignored. */
function idempotencyKey(): string {
	return `n8n-evolink-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

function baseUrl(value: unknown, fallback: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	return (text || fallback).replace(/\/+$/, '');
}

/** The client for this execution, with the hosts from the "Evolink API" credential. */
export async function createEvolinkClient(ctx: EvolinkContext): Promise<EvolinkClient> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const api = baseUrl(credentials.baseUrl, DEFAULT_BASE_URL);
	const files = baseUrl(credentials.filesBaseUrl, DEFAULT_FILES_BASE_URL);

	return {
		async createTask(body, path) {
			return await evolinkRequest(
				ctx,
				api,
				{
					method: 'POST',
					path,
					body: body as unknown as IDataObject,
					idempotent: false,
					headers: { 'Idempotency-Key': idempotencyKey() },
				},
				(answer) => readTask(answer),
			);
		},

		async getTask(taskId, retries, timeoutMs) {
			const path = `/v1/tasks/${encodeURIComponent(taskId)}`;
			const request = { method: 'GET' as const, path, idempotent: true, maxRetries: retries, timeoutMs };
			return await evolinkRequest(ctx, api, request, (answer) =>
				readTask(answer, taskId),
			);
		},

		async getCredits() {
			const path = '/v1/credits';
			return await evolinkRequest(ctx, api, { method: 'GET', path, idempotent: true }, (answer) => {
				const parsed = creditsResponseSchema.safeParse(answer);
				if (!parsed.success) throw new UnreadableAnswer(`the credits answer ${parsed.error.issues[0].message}`);
				return parsed.data.data as IDataObject;
			});
		},

		// multipart/form-data built by hand: the package has no runtime dependencies.
		async uploadImage(file) {
			const path = '/api/v1/files/upload/stream';
			const boundary = `----n8nEvolink${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
			const safeName = file.fileName.replace(/["\r\n]/g, '_');
			const body = Buffer.concat([
				Buffer.from(
					`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeName}"\r\n` +
						`Content-Type: ${file.mimeType}\r\n\r\n`,
				),
				file.bytes,
				Buffer.from(`\r\n--${boundary}--\r\n`),
			]);
			const parsed = await evolinkRequest(
				ctx,
				files,
				{
					method: 'POST',
					path,
					body,
					headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
					// A repeated upload costs file quota, never credits: safe to retry.
					idempotent: true,
					timeoutMs: 120_000,
				},
				(answer) => {
					const result = uploadResponseSchema.safeParse(answer);
					if (!result.success) throw new UnreadableAnswer(`the upload answer ${result.error.issues[0].message}`);
					return result;
				},
			);
			if (!parsed.data.success || !parsed.data.data?.file_url) {
				throw new EvolinkFailure({
					kind: 'upload',
					apiMessage: parsed.data.msg ?? 'Evolink reported the upload as failed',
					method: 'POST',
					path,
				});
			}
			return parsed.data.data.file_url;
		},

		downloadFile: async (download) => await downloadFile(ctx, download),

		isCancelled: () => isCancelled(ctx),
	};
}
