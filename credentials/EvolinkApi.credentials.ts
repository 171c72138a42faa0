import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_BASE_URL, DEFAULT_FILES_BASE_URL } from '../nodes/Evolink/rules/limits';

export class EvolinkApi implements ICredentialType {
	name = 'evolinkApi';

	displayName = 'Evolink API';

	icon: Icon = { light: 'file:../nodes/Evolink/evolink.svg', dark: 'file:../nodes/Evolink/evolink.dark.svg' };

	documentationUrl = 'https://docs.evolink.ai';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Your Evolink API key (starts with sk-evo-), from the API key page of your Evolink dashboard',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description: 'Address of the Evolink task API. Change it only for a proxy or a test server.',
		},
		{
			displayName: 'Files Base URL',
			name: 'filesBaseUrl',
			type: 'string',
			default: DEFAULT_FILES_BASE_URL,
			description: 'Address of the Evolink file upload API. Change it only for a proxy or a test server.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	// Reading the balance is free and changes nothing: the right way to prove a key works.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/v1/credits',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Evolink rejected this API key (401 invalid API key). Copy the key again from your Evolink dashboard.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 402,
					message: 'The key works, but Evolink reports no credits or a key limit (402). Top up in your Evolink dashboard.',
				},
			},
		],
	};
}
