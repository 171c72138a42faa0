import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	account: 'getCredits';
	audio: 'create' | 'generate';
	image: 'create' | 'generate';
	video: 'create' | 'generate';
	task: 'getStatus';
};

export type EvolinkType = AllEntities<NodeMap>;
