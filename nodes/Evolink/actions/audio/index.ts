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
		displayOptions: { show: { resource: ['audio'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a music task and return its ID at once',
				description:
					'Start a music task (a description, or lyrics with a style and title) and return its task ID at once. Fetch the tracks later with Task → Get Status and that ID.',
			},
			{
				name: 'Generate',
				value: 'generate',
				action: 'Generate music and wait to return each track URL',
				description:
					'Create music with the chosen model and wait until it is ready, usually about 2 minutes. Returns every track (URLs, titles, durations) and the files.',
			},
		],
		default: 'generate',
	},
	...create.description,
	...generate.description,
];
