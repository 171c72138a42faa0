import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as account from './actions/account';
import * as audio from './actions/audio';
import * as image from './actions/image';
import { router } from './actions/router';
import * as task from './actions/task';
import * as video from './actions/video';

const RESOURCES = [
	{ name: 'Account', value: 'account' },
	{ name: 'Image', value: 'image' },
	{ name: 'Music', value: 'audio' },
	{ name: 'Task', value: 'task' },
	{ name: 'Video', value: 'video' },
];

const RESOURCE: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: RESOURCES,
	default: 'image',
};

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
			'Generate images, videos and music with Evolink\'s models (GPT Image, Nano Banana, Seedream, Veo, Kling, Sora, Suno, or any model by ID) and get URLs and files',
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
			// Version 1 (v0.1) knows images only; version 2 adds video and music.
			{ ...RESOURCE, options: RESOURCES.filter((r) => !['audio', 'video'].includes(String(r.value))), displayOptions: { show: { '@version': [1] } } },
			{ ...RESOURCE, displayOptions: { show: { '@version': [2] } } },
			...account.description,
			...audio.description,
			...image.description,
			...task.description,
			...video.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
