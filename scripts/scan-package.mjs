#!/usr/bin/env node
/**
 * `npm run scan` (after `npm run build`): checks the package the way n8n's community-package
 * scanner (@n8n/scan-community-package, the check n8n runs before verifying a package) does, offline.
 *
 * 1. `npm pack` into a temp dir and unpack the tarball.
 * 2. Package rules: no `dependencies`, `peerDependencies` exactly {"n8n-workflow":"*"}, no
 *    `overrides`/`resolutions`, a `files` list, a `homepage`; every path in the `n8n` section is in
 *    the tarball; every node/credential source has its compiled .js, icon and codex file in the
 *    tarball (catches a stale dist/); no tooling (test/, scripts/, simulator, .ts sources) in it.
 * 3. The scanner's `analyzePackage` on the unpacked package (all .js/.ts/.json), and on the
 *    sources with the scanner's own SOURCE_FILE_PATTERNS (package.json, nodes/ and credentials/),
 *    which is what the real scan lints in the provenance-attested GitHub checkout. Inline
 *    `eslint-disable` comments do not count there (the scanner sets allowInlineConfig: false).
 *
 * Only `analyzePackage` is used: the scanner's other exports (analyzePackageByName, ...) go to the
 * npm registry and GitHub. Prints a short report; exits non-zero on any failure.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-scan-'));
const problems = [];

/** Relative paths of the files under `dir` (recursive), with forward slashes. */
function listFiles(dir, base = dir) {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join('/')];
	});
}

const savedTmpdir = process.env.TMPDIR;
try {
	// The scanner makes a temp dir when it is loaded and never removes it: point it into ours.
	process.env.TMPDIR = work;
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	if (savedTmpdir === undefined) delete process.env.TMPDIR;
	else process.env.TMPDIR = savedTmpdir;

	// 1. Pack and unpack, exactly what `npm publish` would upload. --dry-run=false: as prepublishOnly
	// under `npm publish --dry-run`, npm passes npm_config_dry_run=true down, and pack would then
	// write no tarball.
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--dry-run=false', '--pack-destination', work], {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		}),
	)[0];
	const tarball = path.join(work, packed.filename);
	execFileSync('tar', ['-xzf', tarball, '-C', work]);
	const dir = path.join(work, 'package');
	const files = packed.files.map((f) => f.path).sort();
	const inTarball = new Set(files);
	const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));

	// 2. Package rules.
	if (pkg.dependencies && Object.keys(pkg.dependencies).length) {
		problems.push(`runtime "dependencies" are not allowed: ${Object.keys(pkg.dependencies).join(', ')}`);
	} else if (pkg.dependencies) {
		problems.push('drop the empty "dependencies" field');
	}
	if (JSON.stringify(pkg.peerDependencies) !== JSON.stringify({ 'n8n-workflow': '*' })) {
		problems.push(`peerDependencies must be exactly {"n8n-workflow":"*"}, got ${JSON.stringify(pkg.peerDependencies)}`);
	}
	if (pkg.overrides) problems.push('package.json has an "overrides" field');
	if (pkg.resolutions) problems.push('package.json has a "resolutions" field');
	if (!Array.isArray(pkg.files) || !pkg.files.length) problems.push('package.json has no "files" list');
	if (!pkg.homepage) problems.push('package.json has no "homepage"');
	if (!pkg.keywords?.includes('n8n-community-node-package')) problems.push('keyword "n8n-community-node-package" is missing');

	const entries = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	if (!pkg.n8n?.nodes?.length) problems.push('package.json n8n.nodes is empty');
	for (const entry of entries) {
		if (!inTarball.has(entry)) problems.push(`n8n entry ${entry} is not in the tarball (run npm run build?)`);
	}

	// Every source under nodes/ and credentials/ must be in the tarball as built output.
	for (const top of ['nodes', 'credentials']) {
		for (const rel of listFiles(path.join(root, top))) {
			const src = `${top}/${rel}`;
			let expected = null;
			if (/\.ts$/.test(src) && !/\.d\.ts$/.test(src) && !/\.(test|spec)\.ts$/.test(src)) expected = `dist/${src.replace(/\.ts$/, '.js')}`;
			else if (/\.(svg|png)$/.test(src) || /\.node\.json$/.test(src)) expected = `dist/${src}`;
			if (expected && !inTarball.has(expected)) problems.push(`${src} has no ${expected} in the tarball (stale or incomplete build?)`);
		}
	}

	const tooling = files.filter(
		(f) =>
			/^(test|tests|scripts|\.ci|coverage|\.e2e|node_modules)\//.test(f) ||
			/(^|\/)(simulator|harness|fixtures|__tests__)\//.test(f) ||
			/\.(test|spec)\.[cm]?[jt]s$/.test(f) ||
			(/\.[cm]?ts$/.test(f) && !/\.d\.[cm]?ts$/.test(f)) ||
			/^(tsconfig.*\.json|eslint\.config\.mjs|gulpfile\.js|jest\.config\.js|\.npmrc|\.env.*)$/.test(f),
	);
	if (tooling.length) problems.push(`tooling or sources in the tarball: ${tooling.join(', ')}`);

	// 3. The scanner: on the unpacked tarball, then on the sources it would fetch from GitHub.
	const tarballScan = await analyzePackage(dir);
	if (!tarballScan.passed) problems.push(`scanner on the tarball: ${tarballScan.message}\n${tarballScan.details ?? ''}`);
	const sourceScan = await analyzePackage(root, SOURCE_FILE_PATTERNS);
	if (!sourceScan.passed) problems.push(`scanner on the sources: ${sourceScan.message}\n${sourceScan.details ?? ''}`);

	console.log(`${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(1)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(1)} KiB unpacked`);
	for (const f of files) console.log(`  ${f}`);
	console.log(`dependencies: ${Object.keys(pkg.dependencies ?? {}).length}; peerDependencies: ${JSON.stringify(pkg.peerDependencies)}`);
	console.log(`n8n entries: ${entries.join(', ')}`);
	console.log(`scanner analyzePackage, tarball: ${tarballScan.passed ? 'passed' : 'FAILED'}`);
	console.log(`scanner analyzePackage, sources (${SOURCE_FILE_PATTERNS.join(' ')}): ${sourceScan.passed ? 'passed' : 'FAILED'}`);
} catch (error) {
	problems.push(`scan did not run: ${error instanceof Error ? error.stack : String(error)}`);
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}

if (problems.length) {
	console.error(`\nPackage check FAILED:\n- ${problems.join('\n- ')}`);
	process.exitCode = 1;
} else {
	console.log('package check: passed');
}
