import type { INodeProperties } from 'n8n-workflow';

import * as getStatus from './getStatus.operation';

export { getStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['task'] } },
		options: [
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get the status of a task and each result URL',
				description: 'Look up an image task by its task ID: status, progress and, once completed, the image URLs. Can wait until it is done.',
			},
		],
		default: 'getStatus',
	},
	...getStatus.description,
];
