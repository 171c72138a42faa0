import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	account: 'getCredits';
	image: 'create' | 'generate';
	task: 'getStatus';
};

export type EvolinkType = AllEntities<NodeMap>;
