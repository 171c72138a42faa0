/**
 * The harness refuses a dist/ older than the sources, so no test runs stale code.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS harness without typings
const { assertFreshBuild } = require('../harness');

function tree(): string {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-fresh-'));
	for (const dir of ['nodes/Evolink', 'credentials', 'dist/nodes/Evolink']) fs.mkdirSync(path.join(root, dir), { recursive: true });
	fs.writeFileSync(path.join(root, 'nodes/Evolink/Evolink.node.ts'), '');
	fs.writeFileSync(path.join(root, 'credentials/EvolinkApi.credentials.ts'), '');
	fs.writeFileSync(path.join(root, 'dist/nodes/Evolink/Evolink.node.js'), '');
	return root;
}

const setTime = (file: string, seconds: number) => fs.utimesSync(file, seconds, seconds);

it('accepts a build newer than every source and refuses one older than any', () => {
	const root = tree();
	const built = 'dist/nodes/Evolink/Evolink.node.js';
	setTime(path.join(root, 'nodes/Evolink/Evolink.node.ts'), 1000);
	setTime(path.join(root, 'credentials/EvolinkApi.credentials.ts'), 1000);
	setTime(path.join(root, built), 2000);
	expect(() => assertFreshBuild(root, [built])).not.toThrow();

	setTime(path.join(root, 'credentials/EvolinkApi.credentials.ts'), 3000);
	expect(() => assertFreshBuild(root, [built])).toThrow(
		'dist/nodes/Evolink/Evolink.node.js is older than the sources in nodes/ or credentials/: run "npm run build" first',
	);
	expect(() => assertFreshBuild(root, ['dist/missing.js'])).toThrow('dist/missing.js is missing: run "npm run build" first');
});
