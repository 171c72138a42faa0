import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { assembleOutput, eachItem } from '../../engine/batch';
import { createEvolinkClient } from '../../transport/client';

const properties: INodeProperties[] = [];

const displayOptions = { show: { resource: ['account'], operation: ['getCredits'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** Returns the account's remaining and used credits (free; no side effects). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await createEvolinkClient(this);
	const { values, failed } = await eachItem(this, items.length, async () => await client.getCredits());
	return assembleOutput(this, [...failed, ...values.map(({ itemIndex, value }) => ({ itemIndex, outputs: [{ json: value }] }))]);
}
