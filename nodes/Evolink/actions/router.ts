import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as account from './account';
import * as audio from './audio';
import * as image from './image';
import type { EvolinkType } from './node.type';
import * as task from './task';
import * as video from './video';

type BatchOperation = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;

/**
 * Picks the operation and hands it the whole batch: Generate and Get Status wait for all of
 * the batch's tasks together, so operations take every item at once rather than one by one.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as EvolinkType['resource'];
	const operation = this.getNodeParameter('operation', 0) as string;
	const evolinkType = { resource, operation } as EvolinkType;

	let execute: BatchOperation;
	switch (evolinkType.resource) {
		case 'account':
			execute = account[evolinkType.operation].execute;
			break;
		case 'image':
			execute = image[evolinkType.operation].execute;
			break;
		case 'task':
			execute = task[evolinkType.operation].execute;
			break;
		case 'video':
			execute = video[evolinkType.operation].execute;
			break;
		case 'audio':
			execute = audio[evolinkType.operation].execute;
			break;
		default:
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	if (!execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return [await execute.call(this, items)];
}
