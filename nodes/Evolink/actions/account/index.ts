import type { INodeProperties } from 'n8n-workflow';

import * as getCredits from './getCredits.operation';

export { getCredits };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get Credits',
				value: 'getCredits',
				action: 'Get account credits',
				description: 'Get the remaining and used credits of the Evolink account (each image costs credits)',
			},
		],
		default: 'getCredits',
	},
	...getCredits.description,
];
