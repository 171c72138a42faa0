#!/usr/bin/env node
// @ts-check
/**
 * Pictures of the node in the real n8n editor (`npm run docs:screenshots`), for the README:
 * docs/workflow-canvas.png (example A on the canvas) and docs/node-parameters.png (the Evolink
 * node's parameter panel). Starts n8n 2.x (see e2e/install.js) on 127.0.0.1 with the packed
 * package loaded and a credential pointing at the simulator, creates the owner account, and drives
 * Debian's Chromium headless with playwright-core (never a downloaded browser). Installs Debian's
 * `chromium` package first when /usr/bin/chromium is missing (needs root and apt).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { startSimulator } = require('../test/simulator');
const { installAll } = require('./install');
const { N8n, installPackage, runProcess, setupOwner } = require('./n8n');

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, '.e2e', 'screenshots');
const DOCS = path.join(ROOT, 'docs');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const API_KEY = 'sk-screenshot-key';

function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return;
	process.stderr.write('Installing Debian\'s chromium package…\n');
	execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

async function main() {
	ensureChromium();
	const { chromium } = require('playwright-core');
	const paths = installAll();
	fs.rmSync(WORK, { recursive: true, force: true });
	fs.mkdirSync(WORK, { recursive: true });
	const packed = await runProcess('npm', ['pack', '--json', '--pack-destination', WORK], { npm_config_loglevel: 'error' });
	if (packed.code !== 0) throw new Error(`npm pack failed\n${packed.stderr}`);
	const tarball = path.join(WORK, JSON.parse(packed.stdout)[0].filename);

	const sim = await startSimulator({ apiKey: API_KEY });
	const n8n = new N8n({ label: 'n8n 2.x', node: paths.node24, n8nBin: paths.n8n2, major: 2, env: {} }, path.join(WORK, 'home'));
	await installPackage(tarball, n8n.userFolder, 'n8n-nodes-evolink');
	await n8n.importCredentials([
		{ id: 'EvolinkExample01', name: 'Evolink account', type: 'evolinkApi', data: { apiKey: API_KEY, baseUrl: sim.baseUrl, filesBaseUrl: sim.filesBaseUrl } },
	]);
	const workflow = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'scheduled-prompts-to-files.json'), 'utf8'));
	await n8n.importWorkflow(workflow);
	const server = await n8n.start();
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	try {
		const token = await setupOwner(server.url);
		const context = await browser.newContext({ viewport: { width: 1440, height: 810 }, deviceScaleFactor: 1 });
		await context.addCookies([{ name: 'n8n-auth', value: token, url: server.url }]);
		const page = await context.newPage();
		await page.goto(`${server.url}/workflow/${workflow.id}`, { waitUntil: 'domcontentloaded' });
		const node = page.locator('[data-test-id="canvas-node"]').filter({ hasText: 'Generate images' });
		await node.first().waitFor({ timeout: 60_000 });
		await page.keyboard.press('Escape');
		// Fit the workflow to the view (Shift+1 in n8n's canvas) and let the layout settle.
		await page.keyboard.press('Shift+1');
		await page.waitForTimeout(1500);
		fs.mkdirSync(DOCS, { recursive: true });
		await page.screenshot({ path: path.join(DOCS, 'workflow-canvas.png') });
		await node.first().dblclick();
		await page.locator('[data-test-id="ndv"]').first().waitFor({ timeout: 30_000 });
		await page.waitForTimeout(1500);
		await page.screenshot({ path: path.join(DOCS, 'node-parameters.png') });
		process.stdout.write(`Wrote docs/workflow-canvas.png and docs/node-parameters.png (n8n ${server.url})\n`);
	} finally {
		await browser.close();
		await server.stop();
		await sim.close();
	}
}

main().catch((error) => {
	process.stderr.write(`screenshots: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
