/**
 * How failures become words a user can act on. The transport reports what happened as an
 * `EvolinkFailure`; here it becomes n8n's own error type (`NodeApiError` for Evolink's answers,
 * `NodeOperationError` for input and waiting), with the item index and the task id, so no paid
 * result is lost and the API key never travels with an error.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { EvolinkTask } from '../rules/answers';
import type { InputProblem } from '../rules/request';
import { EvolinkFailure, type FailureDetails } from '../transport/failure';

export type NodeError = NodeApiError | NodeOperationError;

interface ErrorContext {
	itemIndex?: number;
	taskId?: string;
	/** For a result download: which file of the task, and what kind of file. */
	imageIndex?: number;
	kind?: 'image' | 'video' | 'audio';
	/** For an upload: the binary field it came from. */
	binaryField?: string;
}

function describeHttp(details: FailureDetails, context: ErrorContext): { message: string; description: string } {
	const apiMessage = details.apiMessage ? details.apiMessage.trim() : '';
	const said = apiMessage ? `Evolink said: "${apiMessage}"` : 'Evolink gave no message.';
	const codeNote = details.code ? ` (code ${details.code})` : '';
	switch (details.status) {
		case 401:
			return {
				message: `Evolink rejected the API key (401)${apiMessage ? `: ${apiMessage}` : ''}`,
				description: `${said} Check the API key in the "Evolink API" credential; keys look like sk-evo-….`,
			};
		case 402:
			return {
				message: `Evolink refused the request: insufficient credits or key limit (402)${apiMessage ? `: ${apiMessage}` : ''}`,
				description: `${said}${codeNote} Top up credits or check the key's limits in your Evolink dashboard. Nothing was charged for this request.`,
			};
		case 403:
			return {
				message: `Evolink refused access (403)${apiMessage ? `: ${apiMessage}` : ''}`,
				description: `${said}${codeNote} The key may not be allowed to use this model or endpoint, or the account is restricted. Check the key's permissions in your Evolink dashboard.`,
			};
		case 413:
			return {
				message: `Evolink refused the request as too large (413)${apiMessage ? `: ${apiMessage}` : ''}`,
				description: `${said}${codeNote} Send a smaller file or a shorter request.`,
			};
		case 404:
			return {
				message: context.taskId
					? `Evolink does not know task "${context.taskId}" (404)`
					: `Evolink answered 404 for ${details.path}`,
				description: `${said} Check the task id: it must come from a Create or Generate run with the same account.`,
			};
		case 400:
		case 422: {
			const param = details.param ? ` (parameter "${details.param}")` : '';
			return {
				message: `Evolink rejected the request${param}${apiMessage ? `: ${apiMessage}` : ''}`,
				description: `${said}${codeNote} Fix the parameters and run the node again.`,
			};
		}
		case 429:
			return {
				message: 'Evolink is limiting requests (429) and still did after several retries',
				description: `${said}${codeNote} Lower the batch concurrency or try again in a minute.`,
			};
		default:
			return {
				message: `Evolink had a problem on its side (${details.status})`,
				description: `${said}${codeNote} The request was retried where that is safe. Try again later.`,
			};
	}
}

/** Turns a transport failure into the error n8n shows: `NodeApiError` with item and task. */
export function toNodeApiError(node: INode, failure: EvolinkFailure, context: ErrorContext = {}): NodeApiError {
	const { details } = failure;
	let message: string;
	let description: string;
	if (details.taskMayExist) {
		message = 'Evolink did not confirm the create request: a task may have been created and billed';
		const what =
			details.kind === 'invalid-response'
				? `Evolink answered ${details.status ?? ''}, but ${details.apiMessage ?? 'not with a task'}`.replace(/ +/g, ' ')
				: `The connection failed after the request was sent (${details.code ?? details.status ?? details.kind})`;
		description =
			`${what}. ` +
			'The node did not send it again, so that the image is not paid for twice. Look for the task in your ' +
			'Evolink dashboard (or with Task → Get Status) before running this item again.';
	} else if (details.kind === 'http') {
		({ message, description } = describeHttp(details, context));
	} else if (details.kind === 'download') {
		const noun = context.kind === 'video' ? 'video' : context.kind === 'audio' ? 'track' : 'image';
		const which = context.imageIndex !== undefined ? `${noun} ${context.imageIndex + 1}` : `a ${noun}`;
		message = `Could not download ${which} of task ${context.taskId ?? '(unknown)'}: ${details.apiMessage ?? 'it failed'}`;
		description =
			`URL: ${details.path}. The task itself completed and is paid; its URLs stay valid for about 24 hours, so ` +
			'you can run Get Status with this task id (downloads on) again, or turn "Download Images" off and fetch the URLs yourself.';
	} else if (details.kind === 'upload') {
		message = `Could not upload the reference image from field "${context.binaryField ?? '?'}": ${details.apiMessage ?? 'upload failed'}`;
		description =
			(details.status === 413
				? 'The file is too large for Evolink\'s file API: send a smaller image. '
				: 'Evolink\'s file API refused or lost the upload. ') + 'No task was created for this item, so nothing was charged.';
	} else if (details.kind === 'invalid-response') {
		message = `Evolink sent an answer the node cannot use: ${details.apiMessage ?? 'unexpected shape'}`;
		description = `Request ${details.method} ${details.path}. The API may have changed; please report this with the task id if there is one.`;
	} else if (details.kind === 'cancelled') {
		message = 'The execution was cancelled';
		description = 'The request was stopped because the workflow execution was cancelled.';
	} else {
		message = 'Could not reach Evolink';
		description = `Network error ${details.code ?? ''} on ${details.method} ${details.path}: ${details.apiMessage ?? ''}. Check the Base URL in the credential and the network.`;
	}
	if (context.taskId) description += ` Task id: ${context.taskId}.`;
	const response: JsonObject = {
		message,
		httpStatus: details.status ?? null,
		evolinkCode: details.code ?? null,
		evolinkMessage: details.apiMessage ?? null,
		taskId: context.taskId ?? null,
	};
	return new NodeApiError(node, response, {
		message,
		description,
		httpCode: details.status ? String(details.status) : undefined,
		itemIndex: context.itemIndex,
	});
}

/** Advice by the vendor's failed-task code family. */
function adviceFor(code: string | undefined): string {
	switch (code) {
		case 'content_policy_violation':
		case 'invalid_parameters':
		case 'image_processing_error':
		case 'image_dimension_mismatch':
		case 'request_cancelled':
			return 'Fix the input (prompt, reference images or mask), then run the item again.';
		case 'generation_failed_no_content':
		case 'service_error':
		case 'generation_timeout':
		case 'resource_exhausted':
		case 'quota_exceeded':
		case 'service_unavailable':
			return 'This is temporary on Evolink\'s side: try again later.';
		case 'resource_not_found':
			return 'Check the task id.';
		default:
			return 'If it keeps happening, contact Evolink support with the task id.';
	}
}

/** A task that Evolink reports as failed (not charged; reserved credits return). */
export function taskFailedError(node: INode, task: EvolinkTask, itemIndex?: number): NodeApiError {
	const code = task.error?.code;
	const apiMessage = task.error?.message ?? `the task ended with status "${task.status}"`;
	const message = `Evolink could not generate the image: ${apiMessage}${code ? ` [${code}]` : ''}`;
	return new NodeApiError(
		node,
		{ message, taskId: task.id, evolinkCode: code ?? null, evolinkMessage: apiMessage, status: task.status },
		{
			message,
			description: `Task ${task.id} failed${code ? ` with code "${code}"` : ''}. ${adviceFor(code)} Failed tasks are not charged.`,
			itemIndex,
		},
	);
}

/** A wait that ran out of time: the task goes on at Evolink and can be fetched later. */
export function waitTimeoutError(
	node: INode,
	taskId: string,
	waitedSeconds: number,
	lastStatus: string | undefined,
	itemIndex?: number,
): NodeOperationError {
	return new NodeOperationError(
		node,
		`Task ${taskId} was not finished after ${Math.round(waitedSeconds)} s (last status: ${lastStatus ?? 'unknown'})`,
		{
			description:
				`The task goes on at Evolink. Fetch it later with Task → Get Status and task id ${taskId}, ` +
				'or raise "Timeout" in the node\'s options (n8n Cloud stops executions after about 5 minutes).',
			itemIndex,
		},
	);
}

/** Bad input, found before any request was sent. */
export function inputError(node: INode, itemIndex: number, problems: InputProblem[]): NodeOperationError {
	const [first] = problems;
	const message = `Invalid "${first.field}" in item ${itemIndex}: ${first.problem}`;
	const more = problems.slice(1).map((p) => `"${p.field}" ${p.problem}`);
	return new NodeOperationError(node, message, {
		itemIndex,
		description:
			(more.length ? `Also: ${more.join('; ')}. ` : '') +
			'Nothing was sent to Evolink and no credits were spent.',
	});
}

/**
 * Any thrown value as n8n's error type for the item: a transport failure becomes a
 * `NodeApiError` in words a user can act on; n8n errors are kept; anything else is wrapped.
 */
export function asNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
	context: { taskId?: string; imageIndex?: number; binaryField?: string; kind?: 'image' | 'video' | 'audio' } = {},
): NodeError {
	if (error instanceof EvolinkFailure) return toNodeApiError(node, error, { itemIndex, ...context });
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/** A task reported completed without any result URL: paid for, maybe, but nothing to hand on. */
export function noResultsError(node: INode, task: EvolinkTask, itemIndex?: number): NodeApiError {
	const message = `Evolink reported task ${task.id} as completed but sent no image URLs`;
	return new NodeApiError(
		node,
		{ message, taskId: task.id, status: task.status },
		{
			message,
			description:
				`Task ${task.id} has status "${task.status}" and an empty result list. Run Task → Get Status with this id ` +
				'in a minute, and if the images are still missing, ask Evolink support about the task (and its charge).',
			itemIndex,
		},
	);
}
