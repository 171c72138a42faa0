import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { assembleOutput } from '../../helpers/batch';
import { taskJson } from '../../helpers/output';
import { getEndpoints } from '../../transport';
import { byDisplayName, concurrencyOption, readConcurrency } from '../common';
import { callbackUrlOption, imageFields, referenceFields, submitTasks } from './common';

const properties: INodeProperties[] = [
	...imageFields,
	...referenceFields,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: byDisplayName([callbackUrlOption, concurrencyOption]),
	},
	{
		displayName:
			'Create returns at once with the task ID. Fetch the images later with Task → Get Status, or use a Callback URL.',
		name: 'createNotice',
		type: 'notice',
		default: '',
	},
];

const displayOptions = { show: { resource: ['image'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** Submits one task per item and returns each task object (id, status, estimate) at once. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const endpoints = await getEndpoints(this);
	const submitted = await submitTasks(this, endpoints, items.length, readConcurrency(this));
	return assembleOutput(
		this,
		submitted.map(({ task, ...result }) => (task ? { ...result, outputs: [{ json: taskJson(task) }] } : result)),
	);
}
