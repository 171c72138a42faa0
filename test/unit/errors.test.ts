import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { inputError, taskFailedError, toNodeApiError, waitTimeoutError } from '../../nodes/Evolink/engine/nodeErrors';
import { EvolinkFailure } from '../../nodes/Evolink/transport/failure';
import { backoffMs, parseRetryAfter } from '../../nodes/Evolink/transport/http';

const node: INode = {
	id: '1',
	name: 'Evolink',
	type: 'n8n-nodes-evolink.evolink',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function http(status: number, extra: Partial<EvolinkFailure['details']> = {}) {
	return new EvolinkFailure({ kind: 'http', status, method: 'GET', path: '/v1/credits', ...extra });
}

describe('error mapping', () => {
	it('401 says the key was rejected, with the API message', () => {
		const error = toNodeApiError(node, http(401, { apiMessage: 'Invalid API key' }), { itemIndex: 3 });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Evolink rejected the API key (401): Invalid API key');
		expect(error.description).toContain('"Evolink API" credential');
		expect(error.context.itemIndex).toBe(3);
		expect(error.httpCode).toBe('401');
	});

	it('402 carries the API message about credits', () => {
		const error = toNodeApiError(node, http(402, { apiMessage: 'Insufficient credits: need 5, have 1' }));
		expect(error.message).toBe(
			'Evolink refused the request: insufficient credits or key limit (402): Insufficient credits: need 5, have 1',
		);
	});

	it('404 names the unknown task', () => {
		const error = toNodeApiError(node, http(404), { taskId: 'task-unified-9-x' });
		expect(error.message).toBe('Evolink does not know task "task-unified-9-x" (404)');
		expect(error.description).toContain('Task id: task-unified-9-x');
	});

	it('400 names the parameter Evolink objected to', () => {
		const error = toNodeApiError(node, http(400, { apiMessage: 'bad size', param: 'size' }));
		expect(error.message).toBe('Evolink rejected the request (parameter "size"): bad size');
	});

	it('429 and 5xx explain what was retried', () => {
		expect(toNodeApiError(node, http(429)).message).toContain('limiting requests (429)');
		expect(toNodeApiError(node, http(503)).message).toBe('Evolink had a problem on its side (503)');
	});

	it('an unconfirmed create says a task may exist and was not re-sent', () => {
		const failure = new EvolinkFailure({
			kind: 'network',
			code: 'ECONNRESET',
			method: 'POST',
			path: '/v1/images/generations',
			taskMayExist: true,
		});
		const error = toNodeApiError(node, failure, { itemIndex: 0 });
		expect(error.message).toBe('Evolink did not confirm the create request: a task may have been created and billed');
		expect(error.description).toContain('did not send it again');
	});

	it('network errors keep their own words (n8n would otherwise replace them)', () => {
		const failure = new EvolinkFailure({ kind: 'network', code: 'ECONNREFUSED', method: 'GET', path: '/v1/credits' });
		const error = toNodeApiError(node, failure);
		expect(error.message).toBe('Could not reach Evolink');
		expect(error.description).toContain('ECONNREFUSED');
	});

	it('a failed task carries code, message and task id', () => {
		const error = taskFailedError(
			node,
			{ id: 'task-unified-1-a', status: 'failed', error: { code: 'content_policy_violation', message: 'Blocked by policy' } },
			2,
		);
		expect(error.message).toBe('Evolink could not generate the image: Blocked by policy [content_policy_violation]');
		expect(error.description).toContain('task-unified-1-a');
		expect(error.description).toContain('Fix the input');
		expect(error.context.itemIndex).toBe(2);
	});

	it('a timeout says the task goes on and how to fetch it', () => {
		const error = waitTimeoutError(node, 'task-unified-1-a', 300, 'processing', 0);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Task task-unified-1-a was not finished after 300 s (last status: processing)');
		expect(error.description).toContain('Get Status');
	});

	it('input errors name field, problem and item, and say nothing was spent', () => {
		const error = inputError(node, 4, [
			{ field: 'Prompt', problem: 'is required' },
			{ field: 'Size', problem: 'must be one of …' },
		]);
		expect(error.message).toBe('Invalid "Prompt" in item 4: is required');
		expect(error.description).toContain('"Size" must be one of');
		expect(error.description).toContain('no credits were spent');
		expect(error.context.itemIndex).toBe(4);
	});
});

describe('retry timing', () => {
	it('reads Retry-After as seconds or as a date', () => {
		expect(parseRetryAfter('3')).toBe(3000);
		expect(parseRetryAfter(['2'])).toBe(2000);
		expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});

	it('honours Retry-After (capped) and backs off exponentially otherwise', () => {
		expect(backoffMs(0, 5000)).toBe(5000);
		expect(backoffMs(0, 10 * 60_000)).toBe(60_000);
		for (const [attempt, nominal] of [
			[0, 1000],
			[2, 4000],
			[10, 16000],
		]) {
			const wait = backoffMs(attempt);
			expect(wait).toBeGreaterThanOrEqual(nominal * 0.8);
			expect(wait).toBeLessThanOrEqual(nominal * 1.2);
		}
	});
});
