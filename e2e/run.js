#!/usr/bin/env node
// @ts-check
/**
 * End-to-end test in real n8n (`npm run test:e2e`): packs the package, installs the tarball into
 * n8n 1.x (on this machine's Node 20) and n8n 2.x (on Node 24 from the npm registry) as a
 * community package, imports a credential that points at the Evolink simulator and the workflows
 * of examples/, runs them headless and checks what they output:
 *
 *   A  examples/scheduled-prompts-to-files.json  `n8n execute`, once per binary data mode
 *      (1.x: default, filesystem, database; 2.x: filesystem, database)
 *   B  examples/create-now-get-status-later.json `n8n execute`
 *   C  examples/edit-uploaded-photo.json         `n8n start` + a multipart POST to its webhook
 *   D  examples/nano-banana-2-edit-webhook-photo.json  the same, in node version 2 with Nano Banana 2
 *   F  examples/seedream-batch.json              `n8n execute`: 4 scenes × 2 images, saved to disk
 *   G  one Generate per model family (version 2), and Other (enter ID); V a product photo → Seedance video
 *   H  an AI Agent (stand-in chat model) calls Evolink Tool and picks the model
 *   P  push completion: Create → Evolink Trigger (n8n start and queue mode), and what must start nothing
 *   E  error items (Continue On Fail): a failed task and an invalid prompt next to a good one
 *   and: the credential's Test button, the AI tool node type, C again in queue mode (Redis + an
 *   n8n worker), and that the API key shows up nowhere.
 *
 * Options: --only 1|2 (one n8n line), --keep (leave .e2e/ for a look). Installs are cached
 * (see e2e/install.js); the first run on a machine installs n8n (a few minutes).
 */
const assert = require('node:assert/strict');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { startSimulator } = require('../test/simulator');
const { makePng } = require('../test/simulator/png');
const { installAll } = require('./install');
const { N8n, installPackage, runProcess, setupOwner, waitForWebhook } = require('./n8n');
const { startRedis } = require('./redis');
const { startFakeOpenAi } = require('./fake-openai');

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, '.e2e');
const PACKAGE = 'n8n-nodes-evolink';
const NODE_TYPE = `${PACKAGE}.evolink`;
/** A fresh key per run: the test checks that it never shows up in anything n8n prints or outputs. */
const API_KEY = `sk-e2e-${randomBytes(12).toString('hex')}`;
const CREDENTIAL = { id: 'EvolinkExample01', name: 'Evolink account', type: 'evolinkApi' };

/** @param {string} file @returns {any} */
function loadExample(file) {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
}

/** @param {any} run @param {string} node @returns {any[]} the node's first output */
function outputOf(run, node) {
	const runs = run?.data?.resultData?.runData?.[node];
	assert.ok(runs?.length, `node "${node}" did not run`);
	const error = runs[0].error;
	assert.ok(!error, `node "${node}" failed: ${error?.message} ${error?.description ?? ''}`);
	return runs[0].data.main[0] ?? [];
}

/** @param {string} url @returns {Promise<Buffer>} */
async function download(url) {
	const response = await fetch(url);
	assert.equal(response.status, 200, `GET ${url}`);
	return Buffer.from(await response.arrayBuffer());
}

/** The error-items workflow: one good prompt, one the simulator fails, one too long to send. */
function errorItemsWorkflow() {
	const prompts = ['A red kite over green hills', 'A neon city [fail:content_policy_violation]', 'x'.repeat(1001)];
	return {
		id: 'EvolinkE2eErrors',
		name: 'Evolink e2e: error items',
		nodes: [
			{ id: 'e1', name: 'Run now', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'e2',
				name: 'Prompts',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ prompts }), options: {} },
			},
			{
				id: 'e3',
				name: 'Split',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [400, 0],
				parameters: { fieldToSplitOut: 'prompts', options: { destinationFieldName: 'prompt' } },
			},
			{
				id: 'e4',
				name: 'Generate',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [600, 0],
				onError: 'continueRegularOutput',
				parameters: { resource: 'image', operation: 'generate', prompt: '={{ $json.prompt }}', downloadImages: false, options: {} },
				credentials: { evolinkApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
			},
		],
		connections: {
			'Run now': { main: [[{ node: 'Prompts', type: 'main', index: 0 }]] },
			Prompts: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
			Split: { main: [[{ node: 'Generate', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/**
 * One Generate per model family, in version 2 of the node, chained so that one `n8n execute` runs
 * them all: the families' typed fields, a reference from a URL (Qwen edits images) and Other.
 */
const FAMILY_NODES = [
	{ name: 'GPT Image 2', parameters: { model: 'gpt-image-2', gptImage2Size: '16:9', gptImage2Resolution: '2K', gptImage2N: 2 } },
	{ name: 'GPT-4o Image', parameters: { model: 'gpt-4o-image', size: '2:3', n: 1 } },
	{ name: 'Nano Banana 2', parameters: { model: 'gemini-3.1-flash-image-preview', nanoBanana2Size: '21:9', nanoBanana2WebSearch: true } },
	{ name: 'Nano Banana Pro', parameters: { model: 'gemini-3-pro-image-preview', nanoBananaProQuality: '4K' } },
	{ name: 'Seedream 4.5', parameters: { model: 'doubao-seedream-4.5', seedream45N: 2 } },
	{
		name: 'Qwen Image Edit Plus',
		parameters: { model: 'qwen-image-edit-plus', referenceImages: 'url', imageUrls: 'https://example.com/room.png', qwenPlusN: 2 },
	},
	{ name: 'Other: Seedream 5.0 lite', parameters: { model: 'other', modelId: 'doubao-seedream-5.0-lite', bodyJson: '{"size": "16:9"}' } },
	{ name: 'Video: Seedance 2.0', resource: 'video', parameters: { model: 'seedance-2.0-text-to-video', seedanceT2vDuration: 8 } },
	{ name: 'Music: Suno V5', resource: 'audio', parameters: { model: 'suno-v5-beta', sunoInstrumental: true } },
];

function modelFamiliesWorkflow() {
	const nodes = [
		{ id: 'f0', name: 'Run now', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		...FAMILY_NODES.map(({ name, parameters, resource }, i) => ({
			id: `f${i + 1}`,
			name,
			type: NODE_TYPE,
			typeVersion: 2,
			position: [220 * (i + 1), 0],
			parameters: {
				resource: resource ?? 'image',
				operation: 'generate',
				prompt: `A lighthouse at dusk, made by ${name}`,
				...parameters,
				options: { minPollInterval: 0.5, pollInterval: 1 },
			},
			credentials: { evolinkApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
		})),
	];
	/** @type {Record<string, any>} */
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { id: 'EvolinkE2eModels', name: 'Evolink e2e: one Generate per model family', nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

/** The Model expression the README's AI Agent section recommends, read from the README itself. */
const README_MODEL_EXPRESSION = `=${/\{\{ \$fromAI\('Model'.*\}\}/.exec(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'))?.[0]}`;

const OPENAI_CREDENTIAL = { id: 'OpenAiStandIn01', name: 'Stand-in chat model', type: 'openAiApi' };
const AGENT_MODEL_CHOICE = 'gemini-3.1-flash-image-preview';

/**
 * An AI Agent whose chat model (a stand-in server) calls Evolink Tool, with the tool's Model and
 * Prompt left to the agent ($fromAI).
 */
function agentWorkflow() {
	return {
		id: 'EvolinkE2eAgent',
		name: 'Evolink e2e: an AI Agent chooses the model',
		nodes: [
			{ id: 'h1', name: 'Run now', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'h2',
				name: 'Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 2.2,
				position: [220, 0],
				parameters: { promptType: 'define', text: 'Draw a paper crane on a desk, fast and inexpensive.', options: {} },
			},
			{
				id: 'h3',
				name: 'Chat model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [120, 200],
				parameters: { model: { __rl: true, mode: 'id', value: 'stand-in' }, options: {} },
				credentials: { openAiApi: { id: OPENAI_CREDENTIAL.id, name: OPENAI_CREDENTIAL.name } },
			},
			{
				id: 'h4',
				name: 'Evolink',
				type: `${NODE_TYPE}Tool`,
				typeVersion: 2,
				position: [320, 200],
				parameters: {
					resource: 'image',
					operation: 'generate',
					// The expression the README recommends: the choices are in the $fromAI description.
					model: README_MODEL_EXPRESSION,
					prompt: "={{ $fromAI('Prompt', 'What the image should show', 'string') }}",
					downloadImages: false,
					options: { minPollInterval: 0.5, pollInterval: 1 },
				},
				credentials: { evolinkApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
			},
		],
		connections: {
			'Run now': { main: [[{ node: 'Agent', type: 'main', index: 0 }]] },
			'Chat model': { ai_languageModel: [[{ node: 'Agent', type: 'ai_languageModel', index: 0 }]] },
			Evolink: { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/** The Evolink Trigger's webhook id in examples/push-trigger-save-files.json. */
const PUSH_WEBHOOK_ID = 'e7a1c0de-5eed-4b1e-9c3a-0f1e2d3c4b5a';
/** The public host the Create example sends as Callback URL; the simulator delivers it to the local n8n. */
const PUBLIC_HOOKS = 'https://hooks.example.com';
const PUSH_PATH = `/webhook/${PUSH_WEBHOOK_ID}/evolink`;

/**
 * Executions of a workflow (at most 100: 2.x refuses more), read through n8n's REST API (1.x and 2.x answer {data: {results}}).
 * @param {string} url @param {string} token @param {string} workflowId
 * @returns {Promise<any[]>}
 */
async function executionsOf(url, token, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const response = await fetch(`${url}/rest/executions?filter=${filter}&limit=100`, { headers: { cookie: `n8n-auth=${token}` } });
	assert.equal(response.status, 200, `GET /rest/executions answered ${response.status}`);
	const body = /** @type {any} */ (await response.json());
	const data = body.data ?? body;
	return data.results ?? data;
}

/**
 * Waits until the simulator has delivered a callback (2xx) for every task and n8n lists `count`
 * finished executions of the trigger workflow; returns them.
 * @param {any} sim @param {string[]} taskIds @param {string} url @param {string} token @param {number} count
 */
async function awaitPushExecutions(sim, taskIds, url, token, count, timeoutMs = 120_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const delivered = taskIds.every((id) => sim.callbacks.some((/** @type {any} */ c) => c.taskId === id && c.status >= 200 && c.status < 300));
		const executions = await executionsOf(url, token, 'EvolinkPushB1');
		const finished = executions.filter((e) => e.finished || e.status === 'success' || e.status === 'error');
		if (delivered && finished.length >= count) return executions;
		if (Date.now() > deadline) {
			throw new Error(`after ${timeoutMs / 1000} s: callbacks ${JSON.stringify(sim.callbacks.map((/** @type {any} */ c) => [c.taskId, c.attempt, c.status, c.error]))}, executions ${executions.length} (${finished.length} finished)`);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * Posts what no callback should turn into an execution, and checks that none starts.
 * @param {any} sim @param {string} url @param {string} token @param {any} replayBody @param {number} before executions so far
 */
async function pushNegatives(sim, url, token, replayBody, before) {
	/** @param {string} path @param {unknown} body @param {string} [method] */
	const send = async (path, body, method = 'POST') => {
		const response = await fetch(`${url}${path}`, {
			method,
			headers: method === 'POST' ? { 'content-type': 'application/json' } : {},
			body: method === 'POST' ? JSON.stringify(body) : undefined,
		});
		return { status: response.status, text: (await response.text()).slice(0, 120) };
	};
	const unfinished = /** @type {any} */ (
		await (await fetch(`${sim.baseUrl}/v1/images/generations`, {
			method: 'POST',
			headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
			body: JSON.stringify({ model: 'gpt-4o-image', prompt: 'still running [duration:600000]' }),
		})).json()
	);
	const readsBefore = sim.count('GET', '/v1/tasks/');
	const cases = {
		replay: await send(PUSH_PATH, replayBody),
		// A fresh id each time: an id Evolink called unknown is remembered (10 min) and costs no read.
		forged: await send(PUSH_PATH, { id: `task-unified-1757156493-${randomBytes(4).toString('hex')}`, status: 'completed', results: ['https://evil.example.com/x.png'] }),
		malformed: await send(PUSH_PATH, { hello: 'world' }),
		unfinished: await send(PUSH_PATH, { id: unfinished.id, status: 'completed', results: ['https://evil.example.com/y.png'] }),
		'wrong path': await send(`/webhook/00000000-0000-4000-8000-000000000000/evolink`, replayBody),
		'wrong method': await send(PUSH_PATH, undefined, 'GET'),
	};
	const reads = sim.count('GET', '/v1/tasks/') - readsBefore;
	await new Promise((resolve) => setTimeout(resolve, 3000));
	const after = (await executionsOf(url, token, 'EvolinkPushB1')).length;
	assert.equal(after, before, `no new execution (had ${before}, now ${after})`);
	for (const name of ['replay', 'forged', 'malformed', 'unfinished']) {
		assert.equal(/** @type {any} */ (cases)[name].status, 200, `${name} answered ${/** @type {any} */ (cases)[name].status}`);
		assert.equal(/** @type {any} */ (cases)[name].text, '{"received":true}', `${name}: the same answer as a real callback`);
	}
	assert.equal(cases['wrong path'].status, 404);
	assert.ok(cases['wrong method'].status >= 400, `wrong method answered ${cases['wrong method'].status}`);
	assert.equal(reads, 2, 'Evolink was asked about the forged and the unfinished id only');
	return `${Object.entries(cases).map(([name, r]) => `${name} → ${r.status}`).join(', ')}; ${reads} task reads; executions still ${after}`;
}

/**
 * @typedef {object} Line
 * @property {string} label
 * @property {string} node
 * @property {string} n8nBin
 * @property {number} major
 * @property {Record<string, string>} env
 * @property {{ name: string, idPrefix?: string, env: Record<string, string> }[]} binaryModes
 *   idPrefix: how binary data ids start in that mode (none: the bytes are inline, base64)
 */

/**
 * Runs every scenario on one n8n line.
 * @param {Line} line
 * @param {string} tarball
 * @param {any} sim the simulator (startSimulator's)
 * @param {(label: string, fn: () => Promise<string>) => Promise<void>} check
 */
async function testLine(line, tarball, sim, check) {
	const base = path.join(WORK, `n8n-${line.major}`);
	fs.rmSync(base, { recursive: true, force: true });
	const userFolder = path.join(base, 'home');
	const filesDir = path.join(base, 'files');
	fs.mkdirSync(userFolder, { recursive: true });
	fs.mkdirSync(filesDir, { recursive: true });
	// n8n 2.x lets nodes touch files only inside N8N_RESTRICT_FILE_ACCESS_TO (default ~/.n8n-files).
	const n8n = new N8n(line, userFolder, { N8N_RESTRICT_FILE_ACCESS_TO: filesDir });
	/** @type {unknown[]} */
	const outputs = [];

	await installPackage(tarball, userFolder, PACKAGE);
	await n8n.importCredentials([{ ...CREDENTIAL, data: { apiKey: API_KEY, baseUrl: sim.baseUrl, filesBaseUrl: sim.filesBaseUrl } }]);

	// Example A writes into the folder set in its "Settings and prompts" node: the one a user edits.
	const exampleA = loadExample('scheduled-prompts-to-files.json');
	const settings = exampleA.nodes.find((/** @type {any} */ n) => n.name === 'Settings and prompts');
	settings.parameters.jsonOutput = JSON.stringify({ ...JSON.parse(settings.parameters.jsonOutput), folder: filesDir }, null, 2);
	const exampleB = loadExample('create-now-get-status-later.json');
	const exampleC = loadExample('edit-uploaded-photo.json');
	const exampleD = loadExample('nano-banana-2-edit-webhook-photo.json');
	const exampleF = loadExample('seedream-batch.json');
	const exampleV = loadExample('product-photo-to-video.json');
	const saveVideo = exampleV.nodes.find((/** @type {any} */ n) => n.name === 'Save the video');
	saveVideo.parameters.fileName = `=${filesDir}/{{ $binary.data.fileName }}`;
	const scenes = exampleF.nodes.find((/** @type {any} */ n) => n.name === 'Settings and scenes');
	scenes.parameters.jsonOutput = JSON.stringify({ ...JSON.parse(scenes.parameters.jsonOutput), folder: filesDir }, null, 2);
	// Push pair: Create sends the trigger's production URL (public https, as users must), and the
	// trigger workflow saves each task's file into this run's folder.
	const pushCreate = loadExample('push-create-with-callback.json');
	const pushSettings = pushCreate.nodes.find((/** @type {any} */ n) => n.name === 'Settings and prompts');
	pushSettings.parameters.jsonOutput = JSON.stringify({ ...JSON.parse(pushSettings.parameters.jsonOutput), callbackUrl: `${PUBLIC_HOOKS}${PUSH_PATH}` }, null, 2);
	const pushTrigger = loadExample('push-trigger-save-files.json');
	const save = pushTrigger.nodes.find((/** @type {any} */ n) => n.name === 'Save to disk');
	save.parameters.fileName = save.parameters.fileName.replace('/home/node/.n8n-files/evolink', filesDir);
	for (const workflow of [exampleA, exampleB, exampleC, exampleD, exampleF, exampleV, errorItemsWorkflow(), modelFamiliesWorkflow(), pushCreate, pushTrigger]) {
		await n8n.importWorkflow(workflow);
	}
	await n8n.activate(exampleC.id);
	await n8n.activate(exampleD.id);
	await n8n.activate(exampleV.id);
	await n8n.activate(pushTrigger.id);

	for (const mode of line.binaryModes) {
		await check(`A scheduled prompts → files (binary data: ${mode.name})`, async () => {
			sim.reset();
			for (const file of fs.readdirSync(filesDir)) fs.rmSync(path.join(filesDir, file));
			const { ok, run, result } = await n8n.execute(exampleA.id, mode.env);
			assert.ok(ok, `execute failed (exit ${result.code})\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-2000)}`);
			outputs.push(run);
			const images = outputOf(run, 'Generate images');
			assert.equal(images.length, 3, 'one image per prompt');
			assert.equal(sim.count('POST', '/v1/images/generations'), 3, 'three tasks created');
			const lines = [];
			for (const [i, item] of images.entries()) {
				assert.equal(item.json.status, 'completed');
				assert.equal(item.json.imageIndex, 0);
				assert.deepEqual(item.pairedItem, { item: i });
				const binary = item.binary?.data;
				assert.ok(binary, `item ${i} has binary data`);
				assert.equal(binary.mimeType, 'image/png');
				assert.equal(binary.fileExtension, 'png');
				assert.match(binary.fileName, new RegExp(`^${item.json.id}-1\\.png$`));
				const served = await download(item.json.imageUrl);
				if (!mode.idPrefix) assert.ok(Buffer.from(binary.data, 'base64').equals(served), 'in-memory binary equals the served image');
				else assert.ok(String(binary.id).startsWith(`${mode.idPrefix}:`), `binary data kept in ${mode.idPrefix} mode (id ${binary.id})`);
				const saved = fs.readFileSync(path.join(filesDir, binary.fileName));
				assert.ok(saved.equals(served), `${binary.fileName} on disk equals the served image`);
				lines.push(`${binary.fileName} (${saved.length} B)`);
			}
			assert.equal(outputOf(run, 'Save to disk').length, 3);
			return `3 prompts → 3 images, saved ${lines.join(', ')}`;
		});
	}

	await check('B create now, get status later', async () => {
		sim.reset();
		const { ok, run, result } = await n8n.execute(exampleB.id);
		assert.ok(ok, `execute failed (exit ${result.code})\n${result.stdout.slice(-3000)}`);
		outputs.push(run);
		const [created] = outputOf(run, 'Create task');
		assert.match(created.json.id, /^task-/);
		assert.ok(['pending', 'processing'].includes(created.json.status), `Create returns at once (status ${created.json.status})`);
		const [done] = outputOf(run, 'Get status');
		assert.equal(done.json.id, created.json.id);
		assert.equal(done.json.status, 'completed');
		assert.equal(done.json.imageUrls.length, 2);
		assert.equal(sim.count('POST', '/v1/images/generations'), 1, 'one task created');
		return `Create → ${created.json.id} ${created.json.status} (credits reserved ${created.json.usage?.credits_reserved}); Get Status → ${done.json.status}, ${done.json.imageUrls.length} image URLs`;
	});

	await check('E error items with Continue On Fail', async () => {
		sim.reset();
		const { ok, run, result } = await n8n.execute('EvolinkE2eErrors');
		assert.ok(ok, `execute failed (exit ${result.code})\n${result.stdout.slice(-3000)}`);
		outputs.push(run);
		const items = outputOf(run, 'Generate');
		assert.equal(items.length, 3);
		assert.deepEqual(items.map((/** @type {any} */ i) => i.pairedItem), [{ item: 0 }, { item: 1 }, { item: 2 }]);
		assert.equal(items[0].json.status, 'completed');
		const text = (/** @type {any} */ item) => `${item.json.error} ${item.json.description ?? ''} ${item.json.errorCode ?? ''}`;
		assert.match(text(items[1]), /content_policy_violation/);
		assert.match(String(items[1].json.taskId), /^task-/, 'the failed item carries its task id');
		assert.match(text(items[2]), /prompt/i);
		assert.match(text(items[2]), /1000/);
		assert.equal(sim.count('POST', '/v1/images/generations'), 2, 'the invalid prompt was never sent');
		return `item 0 completed; item 1 error "${items[1].json.error}" (task ${items[1].json.taskId}); item 2 error "${items[2].json.error}"; 2 creates sent`;
	});

	await check('G one Generate per model family (node version 2), a video and a music Generate', async () => {
		sim.reset();
		const { ok, run, result } = await n8n.execute('EvolinkE2eModels');
		assert.ok(ok, `execute failed (exit ${result.code})\n${result.stdout.slice(-3000)}`);
		outputs.push(run);
		const lines = [];
		for (const { name, parameters, resource } of FAMILY_NODES) {
			const [item] = outputOf(run, name);
			const model = parameters.model === 'other' ? parameters.modelId : parameters.model;
			assert.equal(item.json.status, 'completed', `${name} completed`);
			const task = sim.tasks.get(item.json.id);
			assert.ok(task, `${name}: the simulator knows task ${item.json.id}`);
			assert.equal(task.body.model, model, `${name} asked for ${model}`);
			const files = /** @type {any[]} */ (Object.values(item.binary ?? {}));
			const urls = item.json.imageUrls ?? item.json.videoUrls ?? item.json.audioUrls;
			assert.equal(files.length, urls.length, `${name}: one file per result`);
			const type = resource === 'video' ? /^video\/mp4$/ : resource === 'audio' ? /^audio\/mpeg$/ : /^image\//;
			for (const file of files) assert.match(file.mimeType, type, `${name}: ${file.fileName} is ${file.mimeType}`);
			if (resource === 'audio') assert.ok(item.json.tracks?.length >= 1, 'music comes with its tracks');
			lines.push(
				`${name} → ${model} ${JSON.stringify(Object.fromEntries(Object.entries(task.body).filter(([k]) => !['model', 'prompt'].includes(k))))}, ${files.map((f) => `${f.fileName} (${f.mimeType})`).join(', ')}`,
			);
		}
		assert.equal(sim.count('POST', '/v1/images/generations'), FAMILY_NODES.filter((n) => !n.resource).length);
		assert.equal(sim.count('POST', '/v1/videos/generations'), 1);
		assert.equal(sim.count('POST', '/v1/audios/generations'), 1);
		return lines.join('\n    ');
	});

	await check('H an AI Agent calls Evolink Tool and chooses the model ($fromAI, stand-in chat model)', async () => {
		const fake = await startFakeOpenAi({ model: AGENT_MODEL_CHOICE, prompt: 'A paper crane on a wooden desk' });
		try {
			await n8n.importCredentials([{ ...OPENAI_CREDENTIAL, data: { apiKey: 'sk-stand-in', url: fake.url } }]);
			await n8n.importWorkflow(agentWorkflow());
			sim.reset();
			const { ok, run, result } = await n8n.execute('EvolinkE2eAgent');
			assert.ok(ok, `execute failed (exit ${result.code})\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-2000)}`);
			outputs.push(run);
			const [answer] = outputOf(run, 'Agent');
			const tool = fake.requests[0]?.body?.tools?.[0]?.function;
			assert.ok(tool, 'the chat model was offered the Evolink tool');
			assert.deepEqual(Object.keys(tool.parameters?.properties ?? {}).sort(), ['Model', 'Prompt']);
			assert.equal(sim.count('POST', '/v1/images/generations'), 1, 'the tool created one task');
			const [task] = [...sim.tasks.values()];
			assert.deepEqual([task.body.model, task.body.prompt], [AGENT_MODEL_CHOICE, 'A paper crane on a wooden desk']);
			assert.match(String(answer.json.output), new RegExp(task.id), 'the agent got the task back from the tool');
			assert.match(String(answer.json.output), /imageUrls|results/, 'with its image URLs');
			assert.match(String(tool.parameters.properties.Model.description), /gemini-3\.1-flash-image-preview/, 'the Model argument lists the choices');
			return `the model saw tool "${tool.name}": "${tool.description}", argument Model: "${String(tool.parameters.properties.Model.description).slice(0, 80)}…"; it chose ${task.body.model}; task ${task.id} completed; ${fake.requests.length} chat requests`;
		} finally {
			await fake.close();
		}
	});

	await check('F Seedream batch → files (example)', async () => {
		sim.reset();
		for (const file of fs.readdirSync(filesDir)) fs.rmSync(path.join(filesDir, file));
		const { ok, run, result } = await n8n.execute(exampleF.id);
		assert.ok(ok, `execute failed (exit ${result.code})\n${result.stdout.slice(-3000)}`);
		outputs.push(run);
		const images = outputOf(run, 'Seedream 4.5');
		assert.equal(images.length, 8, 'four scenes, two images each, one item per image');
		assert.equal(sim.count('POST', '/v1/images/generations'), 4);
		for (const task of sim.tasks.values()) assert.deepEqual([task.body.model, task.body.n, task.body.size], ['doubao-seedream-4.5', 2, '2K']);
		const saved = fs.readdirSync(filesDir).sort();
		assert.equal(saved.length, 8, 'eight files on disk');
		return `4 scenes → 4 Seedream tasks (n 2) → 8 images, saved ${saved.slice(0, 2).join(', ')}, …`;
	});

	// P, part 1: Create runs (`n8n execute`) before n8n start; its tasks end after the server is up.
	sim.reset();
	// Tasks end 60–90 s later, at different moments as real ones do (see README, Push completion:
	// callbacks that arrive within the same fraction of a second can overwrite each other's record).
	sim.configure({ durationMs: [60_000, 90_000], callbackRewrite: undefined });
	for (const file of fs.readdirSync(filesDir)) fs.rmSync(path.join(filesDir, file));
	const pushCreated = await n8n.execute(pushCreate.id);
	sim.configure({ durationMs: [1500, 3000] });
	const server = await n8n.start();
	sim.configure({ callbackRewrite: { from: PUBLIC_HOOKS, to: server.url } });
	const token = await setupOwner(server.url);
	try {
		await check('P push completion: Create with the trigger\'s URL → one execution per task, files saved (n8n start)', async () => {
			assert.ok(pushCreated.ok, `execute failed (exit ${pushCreated.result.code})\n${pushCreated.result.stdout.slice(-3000)}`);
			outputs.push(pushCreated.run);
			const created = outputOf(pushCreated.run, 'Create tasks');
			assert.equal(created.length, 3);
			/** @type {string[]} */
			const taskIds = created.map((/** @type {any} */ item) => String(item.json.id));
			const taskOf = (/** @type {string} */ id) => /** @type {any} */ (sim.tasks.get(id));
			for (const id of taskIds) assert.equal(taskOf(id).body.callback_url, `${PUBLIC_HOOKS}${PUSH_PATH}`, 'Create sent the trigger\'s public URL');
			await waitForWebhook(server.url, `${PUSH_WEBHOOK_ID}/evolink`);
			/** @type {number[]} */
			const ends = taskIds.map((id) => taskOf(id).completesAt);
			assert.ok(Math.min(...ends) > Date.now(), 'the tasks end after the trigger is live (raise the duration if this fails)');
			const executions = await awaitPushExecutions(sim, taskIds, server.url, token, 3);
			assert.equal(executions.length, 3, `one execution per task (${executions.length})`);
			for (const execution of executions) assert.ok(execution.status === 'success' || execution.finished, `execution ${execution.id}: ${execution.status}`);
			const lines = [];
			for (const id of taskIds) {
				const served = await download(`${sim.filesBaseUrl}/files/${id}/0.png`);
				const saved = fs.readFileSync(path.join(filesDir, `${id}-1.png`));
				assert.ok(saved.equals(served), `${id}-1.png on disk equals the result`);
				lines.push(`${id}-1.png (${saved.length} B)`);
			}
			/** @type {number[]} */
			const reads = taskIds.map((id) => taskOf(id).queryTimes.length);
			assert.deepEqual(reads, [1, 1, 1], 'one verification read per task');
			const firstDelivery = taskIds.map((id) => /** @type {any} */ (sim.callbacks.find((/** @type {any} */ c) => c.taskId === id)));
			const answerMs = firstDelivery.map((/** @type {any} */ c) => c.endedAt - c.startedAt);
			return `3 tasks → ${executions.length} executions (${executions.map((/** @type {any} */ e) => e.status).join(', ')}), status reads per task ${reads.join('/')}, deliveries ${sim.callbacks.length}, trigger answered in ${answerMs.map((/** @type {number} */ ms) => ms.toFixed(0)).join('/')} ms; saved ${lines.join(', ')}`;
		});

		await check('P push completion: a replay, a forged body, an unfinished task, a wrong path and a wrong method start nothing', async () => {
			const before = (await executionsOf(server.url, token, 'EvolinkPushB1')).length;
			const delivered = /** @type {any} */ (sim.callbacks[0]);
			assert.ok(delivered, 'a callback was delivered before');
			// The body Evolink posts is the task object: replay it as it stands.
			const replay = /** @type {any} */ (await (await fetch(`${sim.baseUrl}/v1/tasks/${delivered.taskId}`, { headers: { authorization: `Bearer ${API_KEY}` } })).json());
			return await pushNegatives(sim, server.url, token, replay, before);
		});
		await check('D Nano Banana 2 edits a webhook photo (example, n8n start)', async () => {
			await waitForWebhook(server.url, 'evolink-nano-banana-edit');
			sim.reset();
			const photo = makePng({ width: 80, height: 80, rgb: [30, 140, 90] });
			const form = new FormData();
			form.append('photo', new Blob([photo], { type: 'image/png' }), 'product.png');
			const response = await fetch(`${server.url}/webhook/evolink-nano-banana-edit`, { method: 'POST', body: form });
			const body = Buffer.from(await response.arrayBuffer());
			assert.equal(response.status, 200, `webhook answered ${response.status}: ${body.toString('utf8', 0, 500)}`);
			assert.match(String(response.headers.get('content-type')), /^image\/png/);
			const [task] = [...sim.tasks.values()];
			assert.equal(task.body.model, 'gemini-3.1-flash-image-preview');
			assert.deepEqual([task.body.size, task.body.quality], ['1:1', '2K']);
			const [upload] = [...sim.uploads.values()];
			assert.ok(upload.bytes.equals(photo), 'the posted photo was uploaded as it is');
			assert.ok(task.body.image_urls[0].includes(upload.fileId), 'the create request used the uploaded file URL');
			return `POST product.png (${photo.length} B) → uploaded, task ${task.id} (${task.body.model}, ${task.body.size}, ${task.body.quality}), answered image/png (${body.length} B)`;
		});

		await check('V a product photo becomes a Seedance video, saved as a file (example, n8n start)', async () => {
			await waitForWebhook(server.url, 'evolink-product-video');
			sim.reset();
			for (const file of fs.readdirSync(filesDir)) fs.rmSync(path.join(filesDir, file));
			const photo = makePng({ width: 400, height: 320, rgb: [220, 200, 40] });
			const form = new FormData();
			form.append('photo', new Blob([photo], { type: 'image/png' }), 'product.png');
			const response = await fetch(`${server.url}/webhook/evolink-product-video`, { method: 'POST', body: form });
			const text = await response.text();
			assert.equal(response.status, 200, `webhook answered ${response.status}: ${text.slice(0, 500)}`);
			const [task] = [...sim.tasks.values()];
			assert.equal(task.body.model, 'seedance-2.0-fast-image-to-video');
			assert.equal(task.body.image_urls.length, 1, 'the photo is the first frame');
			const saved = fs.readdirSync(filesDir).filter((f) => f.endsWith('.mp4'));
			assert.equal(saved.length, 1, 'one .mp4 file on disk');
			const served = await download(`${sim.filesBaseUrl}/files/${task.id}/0.mp4`);
			assert.ok(fs.readFileSync(path.join(filesDir, saved[0])).equals(served), 'the saved video equals the served one');
			return `POST product.png (${photo.length} B) → task ${task.id} (${task.body.model}, ${task.body.duration} s, ${task.body.quality}) → saved ${saved[0]} (${served.length} B, video/mp4)`;
		});

		await check('C edit an uploaded photo (webhook, n8n start)', async () => {
			await waitForWebhook(server.url, 'evolink-edit-photo');
			sim.reset();
			const photo = makePng({ width: 96, height: 64, rgb: [200, 120, 40] });
			const form = new FormData();
			form.append('prompt', 'Make it a watercolor painting');
			form.append('photo', new Blob([photo], { type: 'image/png' }), 'photo.png');
			const response = await fetch(`${server.url}/webhook/evolink-edit-photo`, { method: 'POST', body: form });
			const body = Buffer.from(await response.arrayBuffer());
			assert.equal(response.status, 200, `webhook answered ${response.status}: ${body.toString('utf8', 0, 500)}`);
			assert.match(String(response.headers.get('content-type')), /^image\/png/);
			const uploads = [...sim.uploads.values()];
			assert.equal(uploads.length, 1, 'the photo was uploaded once');
			assert.ok(uploads[0].bytes.equals(photo), 'uploaded bytes equal the posted photo');
			const [task] = [...sim.tasks.values()];
			assert.equal(task.body.prompt, 'Make it a watercolor painting');
			assert.equal(task.body.image_urls.length, 1);
			assert.ok(task.body.image_urls[0].includes(uploads[0].fileId), 'the create request used the uploaded file URL');
			const query = await fetch(`${sim.baseUrl}/v1/tasks/${task.id}`, { headers: { authorization: `Bearer ${API_KEY}` } });
			const served = await download(/** @type {any} */ (await query.json()).results[0]);
			assert.ok(body.equals(served), 'the webhook answered with the generated image');
			return `POST photo.png (${photo.length} B) → uploaded, task ${task.id}, answered image/png (${body.length} B, equal to the result)`;
		});

		await check('credential Test button (REST /rest/credentials/test)', async () => {
			/** @param {string} apiKey */
			const test = async (apiKey) => {
				const response = await fetch(`${server.url}/rest/credentials/test`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', cookie: `n8n-auth=${token}` },
					body: JSON.stringify({ credentials: { ...CREDENTIAL, data: { apiKey, baseUrl: sim.baseUrl, filesBaseUrl: sim.filesBaseUrl } } }),
				});
				assert.equal(response.status, 200);
				return /** @type {any} */ (await response.json()).data;
			};
			sim.reset();
			const good = await test(API_KEY);
			assert.equal(good.status, 'OK', JSON.stringify(good));
			assert.equal(sim.count('GET', '/v1/credits'), 1, 'the test is one GET /v1/credits');
			const bad = await test('sk-wrong-key');
			assert.equal(bad.status, 'Error');
			// n8n 2.x shows the credential's rule text for a 401; n8n 1.x's tester shows its own
			// "Authorization failed" text for every 401 (it reads rules only when the error keeps the raw response).
			assert.match(bad.message, line.major >= 2 ? /Evolink rejected this API key \(401/ : /Authorization failed|401/);
			assert.ok(!bad.message.includes('sk-wrong-key'), 'the message does not echo the key');
			return `right key → ${good.status}; wrong key → ${bad.status}: "${bad.message}"`;
		});

		await check('AI tool: n8n offers the node to the AI Agent', async () => {
			const response = await fetch(`${server.url}/types/nodes.json`, { headers: { cookie: `n8n-auth=${token}` } });
			assert.equal(response.status, 200);
			const types = /** @type {any[]} */ (await response.json());
			const tool = types.find((t) => t.name === `${NODE_TYPE}Tool`);
			assert.ok(tool, `${NODE_TYPE}Tool is among the node types`);
			assert.ok(types.some((t) => t.name === NODE_TYPE), `${NODE_TYPE} is among the node types`);
			return `${tool.name} listed (“${tool.displayName}”)`;
		});
	} finally {
		await server.stop();
	}

	await check('queue mode: C runs on an n8n worker (Redis; binary data in the database)', async () => {
		const redis = await startRedis();
		const queueEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_DEFAULT_BINARY_DATA_MODE: 'database',
			N8N_AVAILABLE_BINARY_DATA_MODES: 'filesystem,database',
		};
		/** @type {{ output: () => string, stop: () => Promise<void> }[]} */
		const running = [];
		try {
			const worker = await n8n.worker(queueEnv);
			running.push(worker);
			const main = await n8n.start(queueEnv);
			running.push(main);
			await waitForWebhook(main.url, 'evolink-edit-photo');
			sim.reset();
			const photo = makePng({ width: 80, height: 80, rgb: [30, 140, 90] });
			const form = new FormData();
			form.append('photo', new Blob([photo], { type: 'image/png' }), 'photo.png');
			const response = await fetch(`${main.url}/webhook/evolink-edit-photo`, { method: 'POST', body: form });
			const body = Buffer.from(await response.arrayBuffer());
			assert.equal(response.status, 200, `webhook answered ${response.status}: ${body.toString('utf8', 0, 500)}`);
			assert.match(String(response.headers.get('content-type')), /^image\/png/);
			const [task] = [...sim.tasks.values()];
			assert.equal(task.body.prompt, 'Turn this photo into a soft watercolor painting', 'the default prompt of the example');
			const started = /Worker started execution (\S+)/.exec(worker.output());
			assert.ok(started, 'the worker ran the execution');
			return `worker ran execution ${started[1]}; answered image/png (${body.length} B) for task ${task.id}`;
		} finally {
			for (const server of running.reverse()) await server.stop();
			await redis.stop();
		}
	});

	await check('queue mode: push completion (webhook on main, executions on a worker)', async () => {
		const redis = await startRedis();
		const queueEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_DEFAULT_BINARY_DATA_MODE: 'database',
			N8N_AVAILABLE_BINARY_DATA_MODES: 'filesystem,database',
		};
		/** @type {{ output: () => string, stop: () => Promise<void> }[]} */
		const running = [];
		try {
			const worker = await n8n.worker(queueEnv);
			running.push(worker);
			const main = await n8n.start(queueEnv);
			running.push(main);
			await waitForWebhook(main.url, `${PUSH_WEBHOOK_ID}/evolink`);
			sim.reset();
			sim.configure({ callbackRewrite: { from: PUBLIC_HOOKS, to: main.url } });
			for (const file of fs.readdirSync(filesDir)) fs.rmSync(path.join(filesDir, file));
			const before = (await executionsOf(main.url, token, 'EvolinkPushB1')).length;
			/** @type {string[]} */
			const taskIds = [];
			for (let i = 0; i < 4; i++) {
				const response = await fetch(`${sim.baseUrl}/v1/images/generations`, {
					method: 'POST',
					headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
					// Ends 1 s apart (see above).
					body: JSON.stringify({ model: 'gpt-4o-image', prompt: `queue push ${i} [duration:${1500 + i * 1000}]`, callback_url: `${PUBLIC_HOOKS}${PUSH_PATH}` }),
				});
				taskIds.push(/** @type {any} */ (await response.json()).id);
			}
			const executions = await awaitPushExecutions(sim, taskIds, main.url, token, before + 4);
			assert.equal(executions.length, before + 4, `one execution per task (${executions.length - before})`);
			for (const id of taskIds) {
				const saved = fs.readFileSync(path.join(filesDir, `${id}-1.png`));
				assert.ok(saved.equals(await download(`${sim.filesBaseUrl}/files/${id}/0.png`)), `${id}-1.png equals the result`);
			}
			const ran = (worker.output().match(/Worker started execution/g) ?? []).length;
			assert.ok(ran >= 4, `the worker ran the executions (${ran})`);
			const negatives = await pushNegatives(sim, main.url, token, { id: taskIds[0], status: 'completed' }, executions.length);
			return `4 tasks → 4 executions on the worker (${ran} started there), files saved; ${negatives}`;
		} finally {
			sim.configure({ callbackRewrite: undefined });
			for (const server of running.reverse()) await server.stop();
			await redis.stop();
		}
	});

	await check('no API key in anything n8n printed or output', async () => {
		assert.ok(!n8n.transcript.includes(API_KEY), 'n8n output contains the API key');
		assert.ok(!JSON.stringify(outputs).includes(API_KEY), 'workflow output contains the API key');
		return `${n8n.transcript.length} characters of n8n output checked`;
	});
}

async function pack() {
	fs.mkdirSync(WORK, { recursive: true });
	const result = await runProcess('npm', ['pack', '--json', '--pack-destination', WORK], { npm_config_loglevel: 'error' });
	if (result.code !== 0) throw new Error(`npm pack failed\n${result.stderr}`);
	const [{ filename }] = JSON.parse(result.stdout);
	return path.join(WORK, path.basename(filename));
}

async function main() {
	const args = process.argv.slice(2);
	const onlyIndex = args.indexOf('--only');
	const only = onlyIndex === -1 ? undefined : Number(args[onlyIndex + 1]);
	const paths = installAll();
	const tarball = await pack();
	/** @type {Line[]} */
	const allLines = [
		{
			label: `n8n ${require(path.join(path.dirname(paths.n8n1), '..', 'package.json')).version} on Node ${process.version}`,
			node: process.execPath,
			n8nBin: paths.n8n1,
			major: 1,
			// isolated-vm (the "vm" expression engine) has no build for Node 20; n8n 1.x keeps the legacy one.
			env: { N8N_EXPRESSION_ENGINE: 'legacy' },
			binaryModes: [
				{ name: 'default', env: { N8N_DEFAULT_BINARY_DATA_MODE: 'default' } },
				{ name: 'filesystem', idPrefix: 'filesystem-v2', env: { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' } },
				{ name: 'database', idPrefix: 'database', env: { N8N_DEFAULT_BINARY_DATA_MODE: 'database', N8N_AVAILABLE_BINARY_DATA_MODES: 'filesystem,database' } },
			],
		},
		{
			label: `n8n ${require(path.join(path.dirname(paths.n8n2), '..', 'package.json')).version} on Node 24`,
			node: paths.node24,
			n8nBin: paths.n8n2,
			major: 2,
			env: {},
			// 2.x has no in-memory mode: filesystem is its default.
			binaryModes: [
				{ name: 'filesystem (n8n 2.x default)', idPrefix: 'filesystem-v2', env: {} },
				{ name: 'database', idPrefix: 'database', env: { N8N_DEFAULT_BINARY_DATA_MODE: 'database' } },
			],
		},
	];
	const lines = allLines.filter((line) => only === undefined || line.major === only);

	const sim = await startSimulator({ apiKey: API_KEY, durationMs: [1500, 3000] });
	let failed = 0;
	try {
		for (const line of lines) {
			const nodeVersion = (await runProcess(line.node, ['--version'], {})).stdout.trim();
			line.label = line.label.replace(/Node .*/, `Node ${nodeVersion}`);
			process.stdout.write(`\n## ${line.label}\n\n`);
			const started = Date.now();
			await testLine(line, tarball, sim, async (label, fn) => {
				const t0 = Date.now();
				try {
					const summary = await fn();
					process.stdout.write(`✓ ${label} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n    ${summary}\n`);
				} catch (error) {
					failed++;
					process.stdout.write(`✗ ${label}\n    ${error instanceof Error ? error.message : String(error)}\n`);
				}
			});
			process.stdout.write(`(${line.label}: ${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
		}
	} finally {
		await sim.close();
		if (!args.includes('--keep')) fs.rmSync(WORK, { recursive: true, force: true });
	}
	if (failed) {
		process.stdout.write(`\n${failed} end-to-end check(s) failed\n`);
		process.exit(1);
	}
	process.stdout.write('\nAll end-to-end checks passed\n');
}

main().catch((error) => {
	process.stderr.write(`e2e: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
