/**
 * Evolink's endpoints, each with its answer checked against the schemas before use.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { EvolinkFailure } from '../helpers/errors';
import type { CreateTaskRequest, EvolinkTask } from '../helpers/schemas';
import { creditsResponseSchema, taskSchema } from '../helpers/schemas';
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
