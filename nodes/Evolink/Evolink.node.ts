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
		// 1: gpt-4o-image only (v0.1). 2: a Model choice from the catalogue, or any model by ID.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Generate or edit images with Evolink\'s models (GPT Image, Nano Banana, Seedream, Qwen, or any model by ID) and get the image URLs and files',
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
