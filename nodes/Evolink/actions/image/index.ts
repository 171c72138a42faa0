import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as generate from './generate.operation';

export { create, generate };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['image'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create an image task',
				description: 'Submit an image task and return its ID at once, without waiting',
			},
			{
				name: 'Generate',
				value: 'generate',
				action: 'Generate an image',
				description: 'Create an image task and wait until the images are ready',
			},
		],
		default: 'generate',
	},
	...create.description,
	...generate.description,
];
