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
				description: 'Start an image task from a prompt and return its task ID at once, without waiting. Fetch the images later with Get Status.',
			},
			{
				name: 'Generate',
				value: 'generate',
				action: 'Generate an image',
				description: 'Create images from a text prompt (optionally editing reference images) and wait until they are ready. Returns the image URLs.',
			},
		],
		default: 'generate',
	},
	...create.description,
	...generate.description,
];
