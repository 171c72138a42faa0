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
				action: 'Create an image task and return its ID at once',
				description:
					'Start an image task from a prompt (and optional reference images) and return its task ID at once, without waiting. Fetch the images later with Task → Get Status and that ID.',
			},
			{
				name: 'Generate',
				value: 'generate',
				action: 'Generate an image and wait to return each image URL',
				description:
					'Create images from a text prompt (optionally editing reference images) with the chosen model and wait until they are ready, typically 30–100 s. Returns the image URLs (valid about 24 h) and the files.',
			},
		],
		default: 'generate',
	},
	...create.description,
	...generate.description,
];
