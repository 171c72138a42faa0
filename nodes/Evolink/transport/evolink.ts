/**
 * Evolink's endpoints, each with its answer checked against the schemas before use.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { EvolinkFailure } from '../helpers/errors';
import type { CreateTaskRequest, EvolinkTask } from '../helpers/schemas';
import { creditsResponseSchema, taskSchema, uploadResponseSchema } from '../helpers/schemas';
import { type Endpoints, evolinkRequest } from './index';

function invalidResponse(method: string, path: string, problem: string): EvolinkFailure {
	return new EvolinkFailure({ kind: 'invalid-response', apiMessage: problem, method, path });
}

export function parseTask(body: unknown, method: string, path: string): EvolinkTask {
	const parsed = taskSchema.safeParse(body);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const where = issue.path.length ? `"${issue.path.join('.')}" ` : '';
		throw invalidResponse(method, path, `the task object ${where}${issue.message}`.replace(/ +/g, ' '));
	}
	return parsed.data;
}

/** A key the gateway may use to spot a replayed create; harmless where it is ignored. */
function idempotencyKey(): string {
	return `n8n-evolink-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** `POST /v1/images/generations`: spends credits, so it is never re-sent blindly. */
export async function createTask(
	ctx: IExecuteFunctions,
	endpoints: Endpoints,
	body: CreateTaskRequest,
): Promise<EvolinkTask> {
	const path = '/v1/images/generations';
	const response = await evolinkRequest(ctx, endpoints, {
		method: 'POST',
		path,
		body: body as unknown as Record<string, string>,
		idempotent: false,
		headers: { 'Idempotency-Key': idempotencyKey() },
	});
	return parseTask(response, 'POST', path);
}

/** `GET /v1/tasks/{id}`. */
export async function queryTask(
	ctx: IExecuteFunctions,
	endpoints: Endpoints,
	taskId: string,
	maxRetries?: number,
): Promise<EvolinkTask> {
	const path = `/v1/tasks/${encodeURIComponent(taskId)}`;
	const response = await evolinkRequest(ctx, endpoints, { method: 'GET', path, idempotent: true, maxRetries });
	return parseTask(response, 'GET', path);
}

/** `GET /v1/credits`: the account's balance; free and without side effects. */
export async function getCredits(ctx: IExecuteFunctions, endpoints: Endpoints): Promise<IDataObject> {
	const path = '/v1/credits';
	const response = await evolinkRequest(ctx, endpoints, { method: 'GET', path, idempotent: true });
	const parsed = creditsResponseSchema.safeParse(response);
	if (!parsed.success) throw invalidResponse('GET', path, `the credits answer ${parsed.error.issues[0].message}`);
	return parsed.data.data as IDataObject;
}

/**
 * `POST {files}/api/v1/files/upload/stream`: one image as multipart/form-data, built by hand
 * because the package has no runtime dependencies. Returns the public `file_url`, which
 * Evolink accepts in `image_urls` and `mask_url` (it expires after 72 hours).
 */
export async function uploadImage(
	ctx: IExecuteFunctions,
	endpoints: Endpoints,
	file: { bytes: Buffer; fileName: string; mimeType: string },
): Promise<string> {
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
	const response = await evolinkRequest(ctx, endpoints, {
		method: 'POST',
		path,
		server: 'files',
		body,
		headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
		// A repeated upload costs file quota, never credits: safe to retry.
		idempotent: true,
		timeoutMs: 120_000,
	});
	const parsed = uploadResponseSchema.safeParse(response);
	if (!parsed.success) throw invalidResponse('POST', path, `the upload answer ${parsed.error.issues[0].message}`);
	if (!parsed.data.success || !parsed.data.data?.file_url) {
		throw new EvolinkFailure({ kind: 'upload', apiMessage: parsed.data.msg ?? 'Evolink reported the upload as failed', method: 'POST', path });
	}
	return parsed.data.data.file_url;
}
