// @ts-check
/**
 * Drives one real n8n installation from the outside, as a user's server would run it: its own
 * user folder, the package copied where n8n loads community packages from, the CLI commands
 * (import:credentials, import:workflow, execute, activation) and `n8n start` for webhooks and the
 * editor. Used by the end-to-end test (e2e/run.js) and the screenshot script (e2e/screenshots.js).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

/**
 * @typedef {object} N8nTarget
 * @property {string} label e.g. 'n8n 1.123.81 on Node 20'
 * @property {string} node the Node binary that runs n8n
 * @property {string} n8nBin n8n's bin/n8n script
 * @property {number} major 1 or 2
 * @property {Record<string, string>} env extra environment for this line
 */

/**
 * @typedef {object} CommandResult
 * @property {number | null} code
 * @property {string} stdout
 * @property {string} stderr
 */

/** Returns a free TCP port on 127.0.0.1. @returns {Promise<number>} */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

/**
 * Unpacks the package tarball into `<user folder>/.n8n/nodes/node_modules/<name>`, where n8n looks
 * for installed community packages on every start and command.
 * @param {string} tarball
 * @param {string} userFolder
 * @param {string} name
 */
async function installPackage(tarball, userFolder, name) {
	const target = path.join(userFolder, '.n8n', 'nodes', 'node_modules', name);
	fs.mkdirSync(target, { recursive: true });
	await runProcess('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], {});
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<CommandResult>}
 */
function runProcess(command, args, env) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
		child.once('error', reject);
		child.once('close', (code) => resolve({ code, stdout, stderr }));
	});
}

class N8n {
	/**
	 * @param {N8nTarget} target
	 * @param {string} userFolder a fresh folder; n8n keeps its database, settings and binary data in <it>/.n8n
	 * @param {Record<string, string>} [env] more environment (e.g. N8N_RESTRICT_FILE_ACCESS_TO)
	 */
	constructor(target, userFolder, env = {}) {
		this.target = target;
		this.userFolder = userFolder;
		/** Everything n8n printed, so the test can check that no secret ever appears in it. */
		this.transcript = '';
		this.env = {
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: 'evolink-e2e-encryption-key',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			DB_TYPE: 'sqlite',
			// n8n's task runner and any child process use the same Node as n8n itself.
			PATH: `${path.dirname(target.node)}${path.delimiter}${process.env.PATH ?? ''}`,
			...target.env,
			...env,
		};
	}

	/**
	 * Runs one n8n CLI command to its end.
	 * @param {string[]} args
	 * @param {Record<string, string>} [env]
	 * @returns {Promise<CommandResult>}
	 */
	async cli(args, env = {}) {
		const result = await runProcess(this.target.node, [this.target.n8nBin, ...args], { ...this.env, ...env });
		this.transcript += `$ n8n ${args.join(' ')}\n${result.stdout}\n${result.stderr}\n`;
		return result;
	}

	/**
	 * Like cli(), but fails with n8n's own output when the command fails.
	 * @param {string[]} args
	 * @param {Record<string, string>} [env]
	 */
	async mustRun(args, env) {
		const result = await this.cli(args, env);
		if (result.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} exited with ${result.code}\n${tail(result.stdout)}\n${tail(result.stderr)}`);
		}
		return result;
	}

	/** @param {unknown[]} credentials plain values; n8n encrypts them with N8N_ENCRYPTION_KEY */
	async importCredentials(credentials) {
		const file = path.join(this.userFolder, 'credentials.json');
		fs.writeFileSync(file, JSON.stringify(credentials));
		await this.mustRun(['import:credentials', `--input=${file}`]);
		fs.rmSync(file);
	}

	/** @param {{ id: string }} workflow */
	async importWorkflow(workflow) {
		const file = path.join(this.userFolder, `workflow-${workflow.id}.json`);
		fs.writeFileSync(file, JSON.stringify(workflow));
		await this.mustRun(['import:workflow', `--input=${file}`]);
	}

	/** Makes a workflow's triggers live for the next `n8n start`: `update:workflow --active` in 1.x, `publish:workflow` in 2.x. @param {string} id */
	async activate(id) {
		if (this.target.major >= 2) await this.mustRun(['publish:workflow', `--id=${id}`]);
		else await this.mustRun(['update:workflow', `--id=${id}`, '--active=true']);
	}

	/**
	 * `n8n execute --id … --rawOutput`: runs the workflow from its Manual Trigger and returns the
	 * run data that n8n printed (log lines come first on stdout; the JSON starts at a lone "{").
	 * @param {string} id
	 * @param {Record<string, string>} [env]
	 * @returns {Promise<{ ok: boolean, run: any, result: CommandResult }>}
	 */
	async execute(id, env) {
		const result = await this.cli(['execute', `--id=${id}`, '--rawOutput'], env);
		const start = /^\{$/m.exec(result.stdout);
		let run;
		if (start) {
			try {
				run = JSON.parse(result.stdout.slice(start.index));
			} catch {
				run = undefined;
			}
		}
		return { ok: result.code === 0 && run !== undefined, run, result };
	}

	/**
	 * Starts `n8n start` (editor, REST API and production webhooks) on 127.0.0.1 and waits until
	 * it has activated the published workflows: it prints "Editor is now accessible" after that
	 * (/healthz/readiness answers earlier, before the webhooks are registered).
	 * @param {Record<string, string>} [env]
	 * @returns {Promise<{ url: string, output: () => string, stop: () => Promise<void> }>}
	 */
	async start(env = {}) {
		const port = await freePort();
		const url = `http://127.0.0.1:${port}`;
		const server = await this.serve('start', 'Editor is now accessible', {
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			WEBHOOK_URL: `${url}/`,
			N8N_EDITOR_BASE_URL: url,
			N8N_SECURE_COOKIE: 'false',
			...env,
		});
		return { url, ...server };
	}

	/**
	 * Starts `n8n worker` (queue mode: runs the executions that the main process puts on Redis)
	 * and waits until it says it is ready.
	 * @param {Record<string, string>} env queue-mode settings, the same as the main process's
	 */
	async worker(env) {
		return await this.serve('worker', 'n8n worker is now ready', { QUEUE_HEALTH_CHECK_PORT: String(await freePort()), ...env });
	}

	/**
	 * Runs a long-lived n8n command until it prints `readyText`.
	 * @param {string} command
	 * @param {string} readyText
	 * @param {Record<string, string>} env
	 * @returns {Promise<{ output: () => string, stop: () => Promise<void> }>}
	 */
	async serve(command, readyText, env) {
		const child = spawn(this.target.node, [this.target.n8nBin, command], {
			env: { ...process.env, ...this.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
		const exited = new Promise((resolve) => child.once('exit', resolve));
		const stop = async () => {
			if (child.exitCode === null) child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
			await exited;
			clearTimeout(timer);
			this.transcript += `$ n8n ${command}\n${output}\n`;
		};
		const deadline = Date.now() + 120_000;
		for (;;) {
			if (child.exitCode !== null) throw new Error(`n8n ${command} exited with ${child.exitCode}\n${tail(output)}`);
			if (Date.now() > deadline) {
				await stop();
				throw new Error(`n8n ${command} did not become ready within 120 s\n${tail(output)}`);
			}
			if (output.includes(readyText)) break;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		return { output: () => output, stop };
	}
}

/**
 * Creates the instance owner through the REST API, as the setup screen does, and returns the
 * value of the `n8n-auth` cookie that the editor and the REST API need.
 * @param {string} url
 * @returns {Promise<string>}
 */
async function setupOwner(url) {
	const response = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: 'owner@example.com', firstName: 'Ada', lastName: 'Lovelace', password: 'Evolink-e2e-1' }),
	});
	if (!response.ok) throw new Error(`owner setup answered ${response.status}: ${await response.text()}`);
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
	if (!cookie) throw new Error('owner setup set no n8n-auth cookie');
	return cookie.slice('n8n-auth='.length).split(';')[0];
}

/**
 * Waits until a production webhook is registered. n8n 2.x activates published workflows in the
 * background after start, so the start message does not mean the webhook is live yet. A GET to a
 * POST webhook answers "…not registered for GET requests. Did you mean to make a POST request?"
 * once it is registered, and "…is not registered." before: a probe that starts no execution.
 * @param {string} url
 * @param {string} webhookPath
 */
async function waitForWebhook(url, webhookPath, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		const response = await fetch(`${url}/webhook/${webhookPath}`);
		last = await response.text();
		if (/Did you mean to make a POST request/.test(last)) return;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`webhook ${webhookPath} was not registered within ${timeoutMs / 1000} s: ${last.slice(0, 300)}`);
}

/** The last lines of a long output, for error messages. @param {string} text */
function tail(text, lines = 40) {
	return text.split('\n').slice(-lines).join('\n');
}

module.exports = { N8n, installPackage, freePort, runProcess, setupOwner, waitForWebhook };
