// @ts-check
/**
 * Runs workflow JSON through n8n's own engine (n8n-core's WorkflowExecute) with the built node
 * and credential from dist/, as n8n does, minus the database and the editor. Requests go through
 * n8n's real request helpers; nothing here replaces them.
 *
 * Used by the jest tests, the demo and the benchmark.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// n8n-core reads its settings folder when first used; keep it away from the user's ~/.n8n.
if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-evolink-harness-'));
}
process.env.N8N_ENCRYPTION_KEY ??= 'n8n-nodes-evolink-harness';
// n8n's logger would echo every node error to the console; tests read errors from the run itself.
process.env.N8N_LOG_LEVEL ??= 'silent';

const { WorkflowExecute, ExecutionLifecycleHooks, ExecuteContext, RoutingNode, WebhookContext } = require('n8n-core');
const { Workflow, ICredentialsHelper, createRunExecutionData } = require('n8n-workflow');

const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = 'n8n-nodes-evolink';

/**
 * The newest modification time of the package's sources (nodes/, credentials/).
 * @param {string} root
 */
function newestSource(root) {
	/** @type {(dir: string) => number} */
	const newest = (dir) =>
		fs.readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
			const full = path.join(dir, entry.name);
			return Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
		}, 0);
	return Math.max(...['nodes', 'credentials'].map((dir) => newest(path.join(root, dir))));
}

/**
 * Refuses a dist/ built before the last change to the sources: tests of stale code pass or fail
 * for the wrong reasons.
 * @param {string} root
 * @param {string[]} builtFiles
 */
function assertFreshBuild(root, builtFiles) {
	const sourcesChanged = newestSource(root);
	for (const file of builtFiles) {
		const full = path.join(root, file);
		if (!fs.existsSync(full)) throw new Error(`${file} is missing: run "npm run build" first`);
		if (fs.statSync(full).mtimeMs < sourcesChanged) {
			throw new Error(`${file} is older than the sources in nodes/ or credentials/: run "npm run build" first`);
		}
	}
}

/** Loads the node and credential classes the way n8n does: from the package.json n8n section. */
function loadPackage(root = PACKAGE_ROOT) {
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	assertFreshBuild(root, [...pkg.n8n.nodes, ...pkg.n8n.credentials]);
	/** @type {Record<string, import('n8n-workflow').INodeType>} */
	const nodeTypes = {};
	/** @type {Record<string, import('n8n-workflow').ICredentialType>} */
	const credentialTypes = {};
	for (const file of pkg.n8n.nodes) {
		const full = path.join(root, file);
		const className = path.basename(file).replace(/\.node\.js$/, '');
		const node = new (require(full)[className])();
		nodeTypes[`${PACKAGE_NAME}.${node.description.name}`] = node;
	}
	for (const file of pkg.n8n.credentials) {
		const className = path.basename(file).replace(/\.credentials\.js$/, '');
		const credential = new (require(path.join(root, file))[className])();
		credentialTypes[credential.name] = credential;
	}
	return { nodeTypes, credentialTypes };
}

/** @param {Record<string, import('n8n-workflow').INodeType>} types */
function createNodeTypes(types) {
	/** @type {import('n8n-workflow').INodeTypes} */
	const nodeTypes = {
		getByName: (type) => types[type],
		getByNameAndVersion: (type) => types[type],
		getKnownTypes: () => Object.fromEntries(Object.keys(types).map((t) => [t, { className: t, sourcePath: '' }])),
	};
	return nodeTypes;
}

/**
 * Resolves the credential's `={{$credentials.x}}` templates, as n8n's credentials helper does
 * for generic (declarative) authentication.
 * @param {unknown} value
 * @param {Record<string, unknown>} credentials
 */
function resolveTemplate(value, credentials) {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return value.slice(1).replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, key) => String(credentials[key] ?? ''));
}

/**
 * A credentials helper that hands out the test's plain credential values and applies the
 * credential type's generic `authenticate` block.
 */
class HarnessCredentialsHelper extends ICredentialsHelper {
	/**
	 * @param {Record<string, import('n8n-workflow').ICredentialType>} types
	 * @param {Record<string, Record<string, unknown>>} values
	 */
	constructor(types, values) {
		super();
		this.types = types;
		this.values = values;
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	/**
	 * @param {import('n8n-workflow').ICredentialDataDecryptedObject} credentials
	 * @param {string} typeName
	 * @param {any} requestOptions
	 */
	async authenticate(credentials, typeName, requestOptions) {
		const auth = this.types[typeName]?.authenticate;
		if (!auth || typeof auth === 'function' || auth.type !== 'generic') return requestOptions;
		for (const [target, entries] of Object.entries(auth.properties)) {
			const key = /** @type {'headers'|'qs'|'body'} */ (target);
			requestOptions[key] = { ...(requestOptions[key] ?? {}) };
			for (const [name, value] of Object.entries(entries ?? {})) {
				requestOptions[key][name] = resolveTemplate(value, credentials);
			}
		}
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	/** @returns {Promise<any>} */
	async getCredentials() {
		throw new Error('not used by the harness');
	}

	/**
	 * @param {unknown} _additionalData
	 * @param {unknown} _nodeCredentials
	 * @param {string} type
	 */
	async getDecrypted(_additionalData, _nodeCredentials, type) {
		const credentialType = this.types[type];
		const values = this.values[type];
		if (!values) throw new Error(`no test credentials of type ${type}`);
		// Defaults first, as n8n applies them.
		const defaults = Object.fromEntries((credentialType?.properties ?? []).map((p) => [p.name, p.default]));
		return /** @type {import('n8n-workflow').ICredentialDataDecryptedObject} */ ({ ...defaults, ...values });
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	/** @param {string} type */
	getCredentialsProperties(type) {
		return this.types[type]?.properties ?? [];
	}
}

/**
 * What n8n hands the engine besides the workflow: hooks, credentials and instance URLs.
 * @param {ExecutionLifecycleHooks} hooks
 * @param {HarnessCredentialsHelper} credentialsHelper
 * @param {string} executionId
 */
function createAdditionalData(hooks, credentialsHelper, executionId) {
	return /** @type {import('n8n-workflow').IWorkflowExecuteAdditionalData} */ (
		/** @type {unknown} */ ({
			hooks,
			credentialsHelper,
			executionId,
			currentNodeExecutionIndex: 0,
			variables: {},
			restApiUrl: 'http://127.0.0.1/rest',
			instanceBaseUrl: 'http://127.0.0.1/',
			formBaseUrl: 'http://127.0.0.1/form',
			formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
			formTestBaseUrl: 'http://127.0.0.1/form-test',
			webhookBaseUrl: 'http://127.0.0.1/webhook',
			webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
			webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
			mcpBaseUrl: 'http://127.0.0.1/mcp',
			mcpTestBaseUrl: 'http://127.0.0.1/mcp-test',
			executeWorkflow: async () => {
				throw new Error('sub-workflows are not part of the harness');
			},
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			logAiEvent: () => {},
			startRunnerTask: async () => {
				throw new Error('task runners are not part of the harness');
			},
		})
	);

}

let executionCounter = 0;

/**
 * @typedef {object} RunOptions
 * @property {import('n8n-workflow').INode[]} nodes
 * @property {import('n8n-workflow').IConnections} [connections]
 * @property {import('n8n-workflow').INodeExecutionData[]} [input] items handed to the start node
 * @property {string} [startNode] name of the node that receives `input` (default: the first node)
 * @property {Record<string, Record<string, unknown>>} credentials values by credential type
 * @property {(control: { cancel: () => void }) => void} [onStart] receives a cancel function
 * @property {import('n8n-workflow').WorkflowExecuteMode} [mode]
 */

/**
 * Executes a workflow and resolves when n8n reports it finished.
 * @param {RunOptions} options
 */
async function runWorkflow(options) {
	const { nodeTypes: types, credentialTypes } = loadPackage();
	const nodeTypes = createNodeTypes(types);
	const executionId = String(++executionCounter);
	const workflowData = {
		id: 'harness',
		name: 'harness',
		active: false,
		nodes: options.nodes,
		connections: options.connections ?? {},
		settings: { executionOrder: /** @type {'v1'} */ ('v1') },
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
	});
	const mode = options.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, executionId, /** @type {any} */ (workflowData));
	/** @type {(run: import('n8n-workflow').IRun) => void} */
	let reportFinished = () => {};
	/** @type {Promise<import('n8n-workflow').IRun>} */
	const finished = new Promise((resolve) => (reportFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => reportFinished(run));

	const additionalData = createAdditionalData(hooks, new HarnessCredentialsHelper(credentialTypes, options.credentials), executionId);

	const startName = options.startNode ?? options.nodes[0].name;
	const startNode = workflow.getNode(startName);
	if (!startNode) throw new Error(`no node named ${startName}`);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: startNode, data: { main: [options.input ?? [{ json: {} }]] }, source: null },
			],
		},
	});

	const execution = new WorkflowExecute(additionalData, mode, runExecutionData);
	const running = execution.processRunExecutionData(workflow);
	options.onStart?.({ cancel: () => running.cancel() });
	try {
		await running;
	} catch (error) {
		// A cancelled run rejects; n8n still reports it through the hooks below.
		if (!(error && /** @type {any} */ (error).name === 'CancelError')) throw error;
	}
	const run = await finished;
	const runData = run.data.resultData.runData;
	return {
		run,
		status: run.status,
		error: run.data.resultData.error,
		runData,
		/**
		 * Items a node produced on one output (its last run).
		 * @param {string} nodeName
		 * @param {number} [output]
		 */
		itemsOf(nodeName, output = 0) {
			const runs = runData[nodeName];
			if (!runs?.length) return [];
			return runs[runs.length - 1].data?.main?.[output] ?? [];
		},
		/** @param {string} nodeName */
		errorOf(nodeName) {
			const runs = runData[nodeName];
			return runs?.[runs.length - 1]?.error;
		},
	};
}

/**
 * @typedef {object} WebhookCallOptions
 * @property {import('n8n-workflow').INode} node the trigger node
 * @property {Record<string, Record<string, unknown>>} credentials values by credential type
 * @property {Record<string, unknown>} [staticData] the workflow's static data as stored (a copy is used)
 * @property {string} [method] default POST
 * @property {unknown} [body] the parsed request body
 */

/**
 * Calls a trigger node's webhook() for one request, as n8n's webhook handling does: n8n-core's
 * WebhookContext over a Workflow holding the stored static data, the request as n8n hands it
 * over (parsed body), and a response object that records what the node answered. Returns what
 * webhook() returned, the answer, and the static data n8n would save (only when it changed, as
 * n8n's saveStaticData does), ready for the next call.
 * @param {WebhookCallOptions} options
 */
async function callWebhook(options) {
	const { nodeTypes: types, credentialTypes } = loadPackage();
	const nodeType = types[options.node.type];
	if (!nodeType?.webhook || !nodeType.description.webhooks?.length) throw new Error(`${options.node.type} is no webhook node`);
	const executionId = `webhook-${++executionCounter}`;
	const stored = JSON.parse(JSON.stringify(options.staticData ?? {}));
	const workflowData = { id: 'harness-webhook', name: 'harness-webhook', active: true, nodes: [options.node], connections: {}, settings: {} };
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: {},
		active: true,
		nodeTypes: createNodeTypes(types),
		staticData: stored,
		settings: {},
	});
	const hooks = new ExecutionLifecycleHooks('webhook', executionId, /** @type {any} */ (workflowData));
	const additionalData = /** @type {any} */ (createAdditionalData(hooks, new HarnessCredentialsHelper(credentialTypes, options.credentials), executionId));
	const method = options.method ?? 'POST';
	additionalData.httpRequest = { method, body: options.body ?? {}, headers: { 'content-type': 'application/json' }, query: {}, params: {} };
	/** @type {{ status: number | undefined, headers: Record<string, string>, body: unknown, sent: boolean }} */
	const answer = { status: undefined, headers: {}, body: undefined, sent: false };
	const response = {
		headersSent: false,
		/** @param {number} code */
		status(code) {
			answer.status = code;
			return response;
		},
		/** @param {string} name @param {string} value */
		set(name, value) {
			answer.headers[name.toLowerCase()] = value;
			return response;
		},
		/** @param {unknown} body */
		json(body) {
			if (answer.sent) throw new Error('the response was sent twice');
			answer.body = body;
			answer.sent = true;
			response.headersSent = true;
			return response;
		},
		/** @param {unknown} body */
		send(body) {
			return response.json(body);
		},
		end() {
			answer.sent = true;
			response.headersSent = true;
			return response;
		},
	};
	additionalData.httpResponse = response;
	const webhookData = {
		httpMethod: method,
		node: options.node.name,
		path: String(nodeType.description.webhooks[0].path),
		webhookDescription: nodeType.description.webhooks[0],
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
	};
	const context = new WebhookContext(workflow, options.node, additionalData, 'webhook', /** @type {any} */ (webhookData), [], null);
	const startedAt = Date.now();
	const result = await nodeType.webhook.call(context);
	const changed = /** @type {any} */ (workflow.staticData).__dataChanged === true;
	return {
		result,
		answer,
		ms: Date.now() - startedAt,
		/** Whether n8n would save the static data after this call. */
		staticDataChanged: changed,
		/** The static data as n8n would store it (unchanged input when nothing changed). */
		staticData: changed ? JSON.parse(JSON.stringify(workflow.staticData)) : stored,
		/** The items that start the workflow (empty when nothing starts). */
		items: /** @type {import('n8n-workflow').INodeExecutionData[]} */ (result.workflowData?.[0] ?? []),
	};
}

/**
 * An Evolink Trigger node for a workflow.
 * @param {Record<string, unknown>} parameters
 * @returns {import('n8n-workflow').INode}
 */
function evolinkTriggerNode(parameters = {}) {
	return /** @type {import('n8n-workflow').INode} */ ({
		id: 'evolink-trigger-node',
		name: 'Evolink Trigger',
		type: `${PACKAGE_NAME}.evolinkTrigger`,
		typeVersion: 1,
		position: [0, 0],
		webhookId: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f',
		parameters,
		credentials: { evolinkApi: { id: '1', name: 'Evolink account' } },
	});
}

/**
 * An Evolink node for a workflow.
 * @param {Record<string, unknown>} parameters
 * @param {{ name?: string, continueOnFail?: boolean, position?: [number, number], typeVersion?: number }} [settings]
 * @returns {import('n8n-workflow').INode}
 */
function evolinkNode(parameters, settings = {}) {
	return /** @type {import('n8n-workflow').INode} */ ({
		id: `node-${settings.name ?? 'Evolink'}`,
		name: settings.name ?? 'Evolink',
		type: `${PACKAGE_NAME}.evolink`,
		typeVersion: settings.typeVersion ?? 1,
		position: settings.position ?? [0, 0],
		parameters: /** @type {import('n8n-workflow').INodeParameters} */ (parameters),
		credentials: { evolinkApi: { id: '1', name: 'Evolink account' } },
		...(settings.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
	});
}

/**
 * Connects nodes in a chain, first to last.
 * @param {string[]} names
 * @returns {import('n8n-workflow').IConnections}
 */
function chain(...names) {
	/** @type {import('n8n-workflow').IConnections} */
	const connections = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

/**
 * What n8n's credential "Test" button does for a credential with a declarative `test`: run its
 * request through the routing engine with the given values, then read the rules. Resolves to
 * n8n's answer: `{ status: 'OK' | 'Error', message }`.
 * @param {string} type
 * @param {Record<string, unknown>} values
 */
async function testCredential(type, values) {
	const { credentialTypes } = loadPackage();
	const credentialType = credentialTypes[type];
	if (!credentialType?.test) throw new Error(`${type} has no declarative test`);
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, { [type]: values });
	/** @type {import('n8n-workflow').INodeType} */
	const probeType = {
		description: {
			displayName: 'Credential test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: credentialType.test.request } },
			],
		},
	};
	/** @type {import('n8n-workflow').INode} */
	const node = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type]: { id: '1', name: 'under test' } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: createNodeTypes({ credentialTest: probeType }),
	});
	const hooks = new ExecutionLifecycleHooks('internal', 'credential-test', /** @type {any} */ ({ nodes: [node], connections: {} }));
	const additionalData = createAdditionalData(hooks, credentialsHelper, 'credential-test');
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const decrypted = await credentialsHelper.getDecrypted(undefined, undefined, type);
	const rules = credentialType.test.rules ?? [];
	try {
		await new RoutingNode(context, probeType, { id: '1', name: 'under test', type, data: decrypted }).runNode();
	} catch (error) {
		const cause = /** @type {any} */ (error).cause;
		if (cause?.response) {
			const status = cause.response.status;
			for (const rule of rules) {
				if (rule.type === 'responseCode' && rule.properties.value === status) return { status: 'Error', message: rule.properties.message };
			}
			return { status: 'Error', message: cause.response.statusText || `Received HTTP status code: ${status}` };
		}
		if (cause?.code) return { status: 'Error', message: cause.code };
		return { status: 'Error', message: String(/** @type {any} */ (error).message) };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** n8n-core's binary data service, from n8n-core's own dependency container. */
function binaryDataService() {
	const { Container } = require(require.resolve('@n8n/di', { paths: [path.dirname(require.resolve('n8n-core'))] }));
	const { BinaryDataService } = require('n8n-core');
	return Container.get(BinaryDataService);
}

/**
 * Chooses where n8n keeps binary data for this process. 'filesystem' (n8n 2.x's default, and
 * n8n 1.x's N8N_DEFAULT_BINARY_DATA_MODE=filesystem) initialises n8n-core's BinaryDataService on
 * disk; 'default' leaves it uninitialised, so files stay in memory as base64, like n8n 1.x's
 * default mode. Call once, before the first run.
 * @param {'default' | 'filesystem'} mode
 */
async function setBinaryDataMode(mode) {
	if (mode === 'default') return;
	process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
	process.env.N8N_BINARY_DATA_STORAGE_PATH ??= fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-evolink-binary-'));
	await binaryDataService().init();
}

/**
 * The bytes of a binary data entry, wherever n8n keeps them.
 * @param {import('n8n-workflow').IBinaryData} binary
 * @returns {Promise<Buffer>}
 */
async function readBinary(binary) {
	if (!binary.id) return Buffer.from(binary.data, 'base64');
	return binaryDataService().getAsBuffer(binary);
}

module.exports = { runWorkflow, callWebhook, evolinkTriggerNode, testCredential, evolinkNode, chain, loadPackage, assertFreshBuild, setBinaryDataMode, readBinary, binaryDataService, PACKAGE_NAME };
