import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { assembleOutput } from '../../engine/batch';
import { taskJson } from '../../engine/results';
import { submitTasks } from '../../engine/submit';
import { createEvolinkClient } from '../../transport/client';
import { additionalFieldsOption, byDisplayName, concurrencyOption, readConcurrency } from '../options';
import { readCreateRequest } from '../request';
import { callbackUrlOption, imageFields, referenceFields, retryOnFailNotice } from './fields';

const properties: INodeProperties[] = [
	...imageFields,
	...referenceFields,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: byDisplayName([additionalFieldsOption, callbackUrlOption, concurrencyOption]),
	},
	{
		displayName:
			'Create returns at once with the task ID. Fetch the images later with Task → Get Status, or use a Callback URL.',
		name: 'createNotice',
		type: 'notice',
		default: '',
	},
	retryOnFailNotice,
];

const displayOptions = { show: { resource: ['image'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** Submits one task per item and returns each task object (id, status, estimate) at once. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await createEvolinkClient(this);
	const submitted = await submitTasks(this, client, items.length, readConcurrency(this), async (i) => await readCreateRequest(this, i, 'image'));
	return assembleOutput(
		this,
		submitted.map(({ task, ...result }) => (task ? { ...result, outputs: [{ json: taskJson(task) }] } : result)),
	);
}
