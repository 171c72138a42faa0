#!/usr/bin/env node
/**
 * `npm run scan`: packs the package as npm would publish it, unpacks the tarball and runs n8n's
 * community-package scanner on it (`analyzePackage` from @n8n/scan-community-package, the check
 * n8n runs before a package can be verified for n8n Cloud), plus the package rules the scanner
 * relies on: no runtime dependencies, n8n-workflow as the only peer, no overrides, a files list,
 * a homepage, every n8n entry present, and no tooling (tests, simulator, sources) in the tarball.
 * Run it after `npm run build`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-scan-'));
const problems = [];

try {
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
	)[0];
	const tarball = path.join(work, packed.filename);
	execFileSync('tar', ['-xzf', tarball, '-C', work]);
	const dir = path.join(work, 'package');
	const files = packed.files.map((f) => f.path).sort();
	const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));

	if (pkg.dependencies && Object.keys(pkg.dependencies).length) problems.push(`runtime dependencies: ${Object.keys(pkg.dependencies).join(', ')}`);
	if (JSON.stringify(pkg.peerDependencies) !== JSON.stringify({ 'n8n-workflow': '*' })) {
		problems.push(`peerDependencies must be exactly {"n8n-workflow":"*"}, got ${JSON.stringify(pkg.peerDependencies)}`);
	}
	if (pkg.overrides) problems.push('package.json has an "overrides" field');
	if (!Array.isArray(pkg.files) || !pkg.files.length) problems.push('package.json has no "files" list');
	if (!pkg.homepage) problems.push('package.json has no homepage');
	if (!pkg.keywords?.includes('n8n-community-node-package')) problems.push('keyword n8n-community-node-package is missing');
	for (const entry of [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])]) {
		if (!files.includes(entry)) problems.push(`n8n entry ${entry} is not in the tarball`);
	}
	for (const icon of ['dist/nodes/Evolink/evolink.svg', 'dist/nodes/Evolink/evolink.dark.svg', 'dist/nodes/Evolink/Evolink.node.json']) {
		if (!files.includes(icon)) problems.push(`${icon} is not in the tarball`);
	}
	const tooling = files.filter((f) => /^(test|scripts|\.ci)\//.test(f) || /simulator|harness/.test(f) || (/\.ts$/.test(f) && !/\.d\.ts$/.test(f)));
	if (tooling.length) problems.push(`tooling or sources in the tarball: ${tooling.join(', ')}`);

	const scan = await analyzePackage(dir);
	if (!scan.passed) problems.push(`scanner: ${scan.message}\n${scan.details ?? ''}`);

	console.log(`${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(1)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(1)} KiB unpacked`);
	console.log(`scanner (analyzePackage): ${scan.passed ? 'passed' : 'FAILED'}`);
	console.log(`runtime dependencies: ${Object.keys(pkg.dependencies ?? {}).length}; peerDependencies: ${JSON.stringify(pkg.peerDependencies)}`);
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}

if (problems.length) {
	console.error(`\nPackage check failed:\n- ${problems.join('\n- ')}`);
	process.exit(1);
}
console.log('package check: passed');
