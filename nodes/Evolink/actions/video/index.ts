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
		displayOptions: { show: { resource: ['video'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a video task and return its ID at once',
				description:
					'Start a video task (a prompt, optionally a first and last frame) and return its task ID at once. Videos take minutes: fetch the result later with Task → Get Status and that ID.',
			},
			{
				name: 'Generate',
				value: 'generate',
				action: 'Generate a video and wait to return its URL',
				description:
					'Create a video with the chosen model and wait until it is ready, usually 2–5 minutes (too long for n8n Cloud: use Create, then Get Status). Returns the video URL (valid about 24 h) and the file.',
			},
		],
		default: 'create',
	},
	...create.description,
	...generate.description,
];
