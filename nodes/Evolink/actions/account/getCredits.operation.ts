import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemResult } from '../../helpers/batch';
import { asNodeError, assembleOutput } from '../../helpers/batch';
import { getEndpoints } from '../../transport';
import { getCredits } from '../../transport/evolink';

const properties: INodeProperties[] = [];

const displayOptions = { show: { resource: ['account'], operation: ['getCredits'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** Returns the account's remaining and used credits (free; no side effects). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const endpoints = await getEndpoints(this);
	const results: ItemResult[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			results.push({ itemIndex, outputs: [{ json: await getCredits(this, endpoints) }] });
		} catch (error) {
			const nodeError = asNodeError(this, error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			results.push({ itemIndex, error: nodeError });
		}
	}
	return assembleOutput(this, results);
}
