// @ts-check
/**
 * A throwaway Redis for n8n's queue mode in the end-to-end test: Debian's redis-server (installed
 * with apt when missing), on a free port of 127.0.0.1, without persistence.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');

const { freePort } = require('./n8n');

const REDIS_SERVER = '/usr/bin/redis-server';

function ensureRedis() {
	if (fs.existsSync(REDIS_SERVER)) return;
	process.stderr.write('[e2e] installing Debian\'s redis-server package for the queue-mode test\n');
	execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], {
		stdio: ['ignore', 'ignore', 'inherit'],
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
}

/** @returns {Promise<{ port: number, stop: () => Promise<void> }>} */
async function startRedis() {
	ensureRedis();
	const port = await freePort();
	const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
	const exited = new Promise((resolve) => child.once('exit', resolve));
	const deadline = Date.now() + 20_000;
	while (!output.includes('Ready to accept connections')) {
		if (child.exitCode !== null || Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`redis-server did not start:\n${output}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return {
		port,
		stop: async () => {
			child.kill('SIGTERM');
			await exited;
		},
	};
}

module.exports = { startRedis };
