import type {
	IBinaryKeyData,
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	DEFAULT_CALLBACK_LIMITS,
	type StartOn,
	callbackItemJson,
	pruneCallbackState,
	readCallbackState,
	verifyCallback,
} from '../Evolink/engine/callbacks';
import { resultKind } from '../Evolink/engine/results';
import { createEvolinkClient } from '../Evolink/transport/client';

const STATE_KEY = 'evolinkCallbacks';
const ACCEPTED = { received: true };
const MEGABYTE_BINARY = 2 ** 20;

export class EvolinkTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Evolink Trigger',
		name: 'evolinkTrigger',
		icon: { light: 'file:evolink.svg', dark: 'file:evolink.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["startOn"] === "ended" ? "Task ended" : "Task completed" }}',
		description: 'Starts the workflow when an Evolink task ends (Evolink calls back), with the task read back from Evolink',
		defaults: {
			name: 'Evolink Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'evolinkApi',
				required: true,
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// The node answers the request itself (webhook() below), before any download.
				responseMode: 'onReceived',
				path: 'evolink',
			},
		],
		properties: [
			{
				displayName:
					'Put this node\'s Production URL in the Callback URL option of Evolink: Create (or Generate). Evolink does not sign callbacks: each one is checked by reading the task back with this credential, and each task starts the workflow once.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Start On',
				name: 'startOn',
				type: 'options',
				options: [
					{
						name: 'Completed Tasks Only',
						value: 'completed',
						description: 'Tasks that ended with results',
					},
					{
						name: 'Completed, Failed or Cancelled Tasks',
						value: 'ended',
						description: 'Every task that ended; failed ones carry errorCode and errorMessage',
					},
				],
				default: 'completed',
			},
			{
				displayName: 'Download Files',
				name: 'downloadFiles',
				type: 'boolean',
				default: false,
				description: 'Whether to fetch the result files (images, videos or audio) into binary data',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Max File Size (MB)',
						name: 'maxFileSize',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 2000 },
						default: 200,
						description: 'Refuse result files larger than this (with Download Files)',
					},
					{
						displayName: 'Max Verifications per Minute',
						name: 'maxVerificationsPerMinute',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 600 },
						default: 60,
						description:
							'How many task reads callbacks may cause per minute; beyond it a callback is answered 503 and Evolink delivers it again. Bounds what a flood of forged callbacks costs.',
					},
					{
						displayName: 'Put Output File in Field',
						name: 'binaryPropertyName',
						type: 'string',
						default: 'data',
						description: 'The binary field of the first file; more files go to data_1, data_2, …',
					},
				],
			},
		],
	};

	/**
	 * Nothing to register at Evolink: there is no webhook API. The URL travels with each task (the
	 * Callback URL of Create or Generate), so activation only has to make n8n listen.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const staticData = this.getWorkflowStaticData('node');
		const startOn = this.getNodeParameter('startOn', 'completed') as StartOn;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const maxPerMinute = Number(options.maxVerificationsPerMinute ?? DEFAULT_CALLBACK_LIMITS.maxVerificationsPerMinute);
		const limits = {
			...DEFAULT_CALLBACK_LIMITS,
			maxVerificationsPerMinute: Number.isFinite(maxPerMinute) && maxPerMinute >= 1 ? Math.floor(maxPerMinute) : 60,
		};
		const state = readCallbackState(staticData[STATE_KEY]);
		const startedAt = Date.now();
		const before = JSON.stringify(pruneCallbackState(state, limits, startedAt));
		const client = await createEvolinkClient(this);
		const verdict = await verifyCallback({ method: req.method, body: this.getBodyData() }, client, state, {
			startOn,
			limits,
		});
		// Reassigned, not mutated: n8n saves static data after the call when a key changed. Only
		// when it did: a flood of malformed POSTs must not cost a database write each.
		const next = pruneCallbackState(state, limits, startedAt);
		if (JSON.stringify(next) !== before) staticData[STATE_KEY] = next;

		if (verdict.kind === 'retry-later') {
			this.logger?.warn(`Evolink Trigger: could not verify the callback for ${verdict.taskId} now (${verdict.reason}); answered 503`);
			res.status(503).set('Retry-After', '2').json({ received: false });
			return { noWebhookResponse: true };
		}
		// One answer for everything else, so that a sender learns nothing about ids or tasks.
		res.status(200).json(ACCEPTED);
		if (verdict.kind === 'ignore') {
			this.logger?.debug(`Evolink Trigger: callback ignored (${verdict.reason})`);
			return { noWebhookResponse: true };
		}

		const { task } = verdict;
		const json = callbackItemJson(task);
		const binary: IBinaryKeyData = {};
		const urls = (json.resultUrls as string[]) ?? [];
		if (this.getNodeParameter('downloadFiles', false) === true && urls.length) {
			const field = String(options.binaryPropertyName ?? 'data').trim() || 'data';
			const maxMb = Number(options.maxFileSize ?? 200);
			const maxBytes = (Number.isFinite(maxMb) && maxMb > 0 ? maxMb : 200) * MEGABYTE_BINARY;
			for (const [index, url] of urls.entries()) {
				try {
					binary[index === 0 ? field : `${field}_${index}`] = await client.downloadFile({
						url,
						baseName: `${task.id}-${index + 1}`,
						maxBytes,
						kind: resultKind(task),
					});
				} catch (error) {
					// The task is paid for: the execution starts anyway, with the URLs and what went wrong.
					json.downloadError = `File ${index + 1} of task ${task.id} could not be downloaded: ${(error as Error).message}`;
					break;
				}
			}
		}
		return {
			noWebhookResponse: true,
			workflowData: [[Object.keys(binary).length ? { json, binary } : { json }]],
		};
	}
}
