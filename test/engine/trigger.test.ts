/**
 * The Evolink Trigger's webhook() in n8n-core's WebhookContext (test/harness callWebhook), with
 * the credential, n8n's real request helpers and the simulator: what a callback starts, what it
 * costs in Evolink requests, and what n8n would store in the workflow's static data between
 * calls. Real n8n (`n8n start`, 1.x and 2.x) is proven by the e2e.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { API_KEY, credentials, until, useSimulator } from './setup';
import { DEFAULT_CALLBACK_LIMITS, pruneCallbackState, readCallbackState } from '../../nodes/Evolink/engine/callbacks';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS tooling without typings
const { callWebhook, evolinkTriggerNode, readBinary } = require('../harness');

const holder = useSimulator({ durationMs: 60 });

type Call = {
	result: { noWebhookResponse?: boolean; workflowData?: INodeExecutionData[][] };
	answer: { status: number; headers: Record<string, string>; body: unknown; sent: boolean };
	staticData: Record<string, unknown>;
	staticDataChanged: boolean;
	items: INodeExecutionData[];
	ms: number;
};

/** A receiver with its stored static data, carried from call to call as n8n stores it. */
function receiver(parameters: Record<string, unknown> = {}) {
	let staticData: Record<string, unknown> = {};
	return {
		get staticData() {
			return staticData;
		},
		async post(body: unknown, method = 'POST'): Promise<Call> {
			const call: Call = await callWebhook({
				node: evolinkTriggerNode(parameters),
				credentials: credentials(holder.sim),
				staticData,
				method,
				body,
			});
			staticData = call.staticData;
			return call;
		},
	};
}

async function createTask(prompt = 'a lighthouse', wait = true): Promise<string> {
	const response = await fetch(`${holder.sim.baseUrl}/v1/images/generations`, {
		method: 'POST',
		headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
		body: JSON.stringify({ model: 'gpt-4o-image', prompt }),
	});
	const task = (await response.json()) as { id: string };
	if (wait) {
		const record = holder.sim.tasks.get(task.id);
		await until(() => Date.now() > record.completesAt + 5);
	}
	return task.id;
}

const reads = () => holder.sim.count('GET', '/v1/tasks/');
const ACCEPTED = { status: 200, headers: {}, body: { received: true }, sent: true };

it('a callback for a completed task starts one execution with what Evolink says, not what the POST said', async () => {
	const taskId = await createTask();
	const hook = receiver();
	const forgedUrl = 'https://evil.example.com/not-yours.png';
	const call = await hook.post({ id: taskId, status: 'completed', results: [forgedUrl] });
	expect(call.answer).toEqual(ACCEPTED);
	expect(call.items).toHaveLength(1);
	const json = call.items[0].json;
	expect(json).toMatchObject({ taskId, id: taskId, status: 'completed', ended: 'completed' });
	expect(json.resultUrls).toEqual([`${holder.sim.baseUrl}/files/${taskId}/0.png`]);
	expect(JSON.stringify(json)).not.toContain(forgedUrl);
	expect(reads()).toBe(1);
	expect(call.staticDataChanged).toBe(true);
	expect(JSON.stringify(call)).not.toContain(API_KEY);
});

it('the same task delivered again (Evolink retries, a replay) starts nothing and costs no request', async () => {
	const taskId = await createTask();
	const hook = receiver();
	expect((await hook.post({ id: taskId, status: 'completed' })).items).toHaveLength(1);
	for (let delivery = 0; delivery < 3; delivery++) {
		const again = await hook.post({ id: taskId, status: 'completed', results: [] });
		expect(again.answer).toEqual(ACCEPTED);
		expect(again.items).toEqual([]);
	}
	expect(reads()).toBe(1);
});

it('malformed bodies, wrong ids, unfinished statuses and other methods start nothing and cost no request', async () => {
	const hook = receiver();
	const bodies: unknown[] = [
		{},
		'not an object',
		[{ id: 'task-unified-1757156493-imcg5zqt', status: 'completed' }],
		{ status: 'completed' },
		{ id: 42, status: 'completed' },
		{ id: 'job-123', status: 'completed' },
		{ id: 'task-unified-../../v1/credits', status: 'completed' },
		{ id: `task-unified-${'a'.repeat(200)}`, status: 'completed' },
		{ id: 'task-unified-1757156493-imcg5zqt', status: 'processing' },
		{ id: 'task-unified-1757156493-imcg5zqt' },
	];
	for (const body of bodies) {
		const call = await hook.post(body);
		expect(call.answer).toEqual(ACCEPTED);
		expect(call.items).toEqual([]);
		// Nothing to remember: n8n writes no static data for these.
		expect(call.staticDataChanged).toBe(false);
	}
	const get = await hook.post({ id: 'task-unified-1757156493-imcg5zqt', status: 'completed' }, 'GET');
	expect(get.items).toEqual([]);
	expect(holder.sim.requests).toHaveLength(0);
});

it('an unknown id (or another account\'s task) starts nothing; a repeat of it costs no second request', async () => {
	const hook = receiver();
	const body = { id: 'task-unified-1757156493-zzzzzzzz', status: 'completed', results: ['https://x.example/a.png'] };
	const first = await hook.post(body);
	expect(first.answer).toEqual(ACCEPTED);
	expect(first.items).toEqual([]);
	expect(reads()).toBe(1);
	const again = await hook.post(body);
	expect(again.answer).toEqual(ACCEPTED);
	expect(again.items).toEqual([]);
	expect(reads()).toBe(1);
});

it('a task that is not finished starts nothing, and is emitted when a later callback finds it finished', async () => {
	holder.sim.configure({ durationMs: 600 });
	try {
		const taskId = await createTask('slow', false);
		const hook = receiver();
		const early = await hook.post({ id: taskId, status: 'completed' });
		expect(early.answer).toEqual(ACCEPTED);
		expect(early.items).toEqual([]);
		const record = holder.sim.tasks.get(taskId);
		await until(() => Date.now() > record.completesAt + 5);
		const later = await hook.post({ id: taskId, status: 'completed' });
		expect(later.items).toHaveLength(1);
		expect(reads()).toBe(2);
	} finally {
		holder.sim.configure({ durationMs: 60 });
	}
});

it('failed tasks start the workflow only with "Completed, Failed or Cancelled", with Evolink\'s error code and message', async () => {
	const failedId = await createTask('x [fail:content_policy_violation]');
	const onlyCompleted = receiver({ startOn: 'completed' });
	const skipped = await onlyCompleted.post({ id: failedId, status: 'failed' });
	expect(skipped.answer).toEqual(ACCEPTED);
	expect(skipped.items).toEqual([]);
	// Settled: a repeat costs nothing.
	await onlyCompleted.post({ id: failedId, status: 'failed' });
	expect(reads()).toBe(1);

	const allEnds = receiver({ startOn: 'ended' });
	// The body claims success; Evolink says failed: Evolink wins.
	const call = await allEnds.post({ id: failedId, status: 'completed', results: ['https://x.example/a.png'] });
	expect(call.items).toHaveLength(1);
	expect(call.items[0].json).toMatchObject({
		taskId: failedId,
		status: 'failed',
		ended: 'failed',
		resultUrls: [],
		errorCode: 'content_policy_violation',
	});
	expect(String(call.items[0].json.errorMessage)).not.toBe('');
});

it('when Evolink cannot be asked, the callback is answered 503 (Evolink retries) and a later delivery is emitted', async () => {
	const taskId = await createTask();
	const hook = receiver();
	holder.sim.inject({ method: 'GET', path: '/v1/tasks/', status: 503 });
	const first = await hook.post({ id: taskId, status: 'completed' });
	expect(first.answer.status).toBe(503);
	expect(first.answer.headers['retry-after']).toBe('2');
	expect(first.items).toEqual([]);
	const second = await hook.post({ id: taskId, status: 'completed' });
	expect(second.answer).toEqual(ACCEPTED);
	expect(second.items).toHaveLength(1);
});

it('a flood of forged well-formed ids costs at most the minute\'s verification budget, answered fast', async () => {
	const hook = receiver({ options: { maxVerificationsPerMinute: 10 } });
	const statuses: number[] = [];
	let slowest = 0;
	for (let i = 0; i < 60; i++) {
		const call = await hook.post({ id: `task-unified-1757156493-forged${String(i).padStart(2, '0')}`, status: 'completed' });
		statuses.push(call.answer.status);
		slowest = Math.max(slowest, call.ms);
		expect(call.items).toEqual([]);
	}
	expect(reads()).toBe(10);
	expect(statuses.filter((s) => s === 200)).toHaveLength(10);
	expect(statuses.filter((s) => s === 503)).toHaveLength(50);
	expect(slowest).toBeLessThan(2000);
	// A real callback in the same minute is answered 503 too, so Evolink delivers it again later.
	const taskId = await createTask();
	expect((await hook.post({ id: taskId, status: 'completed' })).answer.status).toBe(503);
});

it('with Download Files the result files arrive as binary data, streamed by n8n\'s helpers', async () => {
	const taskId = await createTask();
	const hook = receiver({ downloadFiles: true, options: { binaryPropertyName: 'file' } });
	const call = await hook.post({ id: taskId, status: 'completed' });
	expect(call.items).toHaveLength(1);
	const binary = call.items[0].binary?.file;
	expect(binary?.mimeType).toBe('image/png');
	expect(binary?.fileName).toBe(`${taskId}-1.png`);
	const served = await (await fetch(`${holder.sim.baseUrl}/files/${taskId}/0.png`)).arrayBuffer();
	expect(await readBinary(binary)).toEqual(Buffer.from(served));
});

it('a failed download still starts the workflow, with the URLs and what went wrong', async () => {
	const taskId = await createTask();
	holder.sim.configure({ resultMode: 'not-image' });
	try {
		const call = await receiver({ downloadFiles: true }).post({ id: taskId, status: 'completed' });
		expect(call.items).toHaveLength(1);
		expect(call.items[0].binary).toBeUndefined();
		expect(String(call.items[0].json.downloadError)).toContain('not');
		expect(call.items[0].json.resultUrls).toHaveLength(1);
	} finally {
		holder.sim.configure({ resultMode: 'png' });
	}
});

it('the stored state stays bounded: the newest emitted ids, unexpired refusals', () => {
	const now = 10_000_000_000;
	const done = Object.fromEntries(Array.from({ length: 2500 }, (_, i) => [`task-unified-${i}`, now - i]));
	const refused = { 'task-unified-old': now - DEFAULT_CALLBACK_LIMITS.refusedTtlMs - 1, 'task-unified-new': now - 5 };
	const stored = pruneCallbackState(readCallbackState({ done, refused, window: { start: now, used: 3 } }), DEFAULT_CALLBACK_LIMITS, now);
	const kept = Object.keys(stored.done as object);
	expect(kept).toHaveLength(DEFAULT_CALLBACK_LIMITS.doneCap);
	expect(kept).toContain('task-unified-0');
	expect(kept).not.toContain('task-unified-2499');
	expect(Object.keys(stored.refused as object)).toEqual(['task-unified-new']);
	expect(readCallbackState('garbage')).toEqual({ done: {}, refused: {}, window: { start: 0, used: 0 } });
});

it('the examples have workflow ids n8n saves static data for (at most 16 characters), so the trigger remembers tasks', () => {
	// n8n's saveStaticData skips a workflow whose id isWorkflowIdValid refuses (longer than 16).
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON files
	const fs = require('node:fs');
	for (const file of ['push-trigger-save-files.json', 'push-create-with-callback.json']) {
		const workflow = JSON.parse(fs.readFileSync(`${__dirname}/../../examples/${file}`, 'utf8'));
		expect(String(workflow.id).length).toBeLessThanOrEqual(16);
	}
});
