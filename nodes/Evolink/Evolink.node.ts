import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as account from './actions/account';
import * as image from './actions/image';
import { router } from './actions/router';
import * as task from './actions/task';

export class Evolink implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Evolink',
		name: 'evolink',
		icon: { light: 'file:evolink.svg', dark: 'file:evolink.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Generate or edit images from a text prompt with Evolink (gpt-4o-image) and get the image URLs and files',
		defaults: {
			name: 'Evolink',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'evolinkApi',
				required: true,
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Account',
						value: 'account',
					},
					{
						name: 'Image',
						value: 'image',
					},
					{
						name: 'Task',
						value: 'task',
					},
				],
				default: 'image',
			},
			...account.description,
			...image.description,
			...task.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
