#!/usr/bin/env node
// @ts-check
/**
 * `npm run lint` runs this: the node's code stands in one-way layers, and a lower layer never
 * imports a higher one.
 *
 *   rules/      what is allowed and what Evolink answers: limits, labels, zod schemas (pure)
 *   transport/  talks HTTP through n8n's helpers; the client reads the credential itself
 *   engine/     submit, poll, upload references, download results; takes a client
 *   actions/    n8n descriptions and each operation's execute
 *   *.node.ts   the node class
 *   nodes/EvolinkTrigger/  the trigger node: a top layer beside actions/ and the node class; it may
 *               import rules, transport and engine (never actions/ or the Evolink node)
 *
 * Credentials may use rules only. rules/ may import nothing at run time but zod and other rules
 * (type-only imports are fine), so that it stays pure. Exits 1 and names each offending import.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const NODE_DIR = 'nodes/Evolink';
const TRIGGER_DIR = 'nodes/EvolinkTrigger';
const LAYERS = ['rules', 'transport', 'engine', 'actions', 'node'];

/** @param {string} file path relative to the repository, with forward slashes */
function layerOf(file) {
	if (file.startsWith('credentials/')) return 'credentials';
	if (file.startsWith(`${TRIGGER_DIR}/`)) return 'trigger';
	if (!file.startsWith(`${NODE_DIR}/`)) return undefined;
	const rest = file.slice(NODE_DIR.length + 1);
	if (!rest.includes('/')) return 'node';
	const top = rest.split('/')[0];
	return LAYERS.includes(top) ? top : `unknown folder "${top}"`;
}

/** The rank a layer may import up to (inclusive). @param {string} layer */
function reach(layer) {
	if (layer === 'credentials') return 0;
	// The trigger reaches the engine; actions/ and the Evolink node are not its to import.
	if (layer === 'trigger') return LAYERS.indexOf('engine');
	return LAYERS.indexOf(layer);
}

/**
 * Import statements of a TypeScript source: specifier and whether it is type-only.
 * @param {string} source
 */
function importsOf(source) {
	/** @type {Array<{ specifier: string, typeOnly: boolean }>} */
	const found = [];
	const pattern = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
	for (let match; (match = pattern.exec(source)); ) found.push({ specifier: match[3], typeOnly: Boolean(match[2]) });
	return found;
}

/**
 * Checks files given as { path, source } (path relative to the repository) and returns one line
 * per violation.
 * @param {Array<{ path: string, source: string }>} files
 */
function checkLayers(files) {
	/** @type {string[]} */
	const problems = [];
	for (const { path: file, source } of files) {
		const layer = layerOf(file);
		if (!layer) continue;
		if (layer.startsWith('unknown')) {
			problems.push(`${file}: in an ${layer}; put it in one of ${LAYERS.slice(0, 4).join('/, ')}/`);
			continue;
		}
		for (const { specifier, typeOnly } of importsOf(source)) {
			if (!specifier.startsWith('.')) {
				if (layer === 'rules' && !typeOnly && specifier !== 'zod') {
					problems.push(`${file}: rules/ must stay pure, but imports "${specifier}" at run time`);
				}
				continue;
			}
			const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
			const targetLayer = layerOf(`${target}.ts`) ?? layerOf(target);
			if (!targetLayer || targetLayer.startsWith('unknown')) continue;
			// Nothing imports the trigger, except the trigger itself.
			if (targetLayer === 'trigger' && layer !== 'trigger') {
				problems.push(`${file} (${layer}) imports "${specifier}" from the trigger node`);
				continue;
			}
			if (targetLayer === 'trigger') continue;
			if (targetLayer === 'credentials' || reach(targetLayer) > reach(layer)) {
				problems.push(`${file} (${layer}) imports "${specifier}" from a higher layer (${targetLayer})`);
			}
		}
	}
	return problems;
}

/** @param {string} dir @returns {string[]} */
function sources(dir) {
	const full = path.join(ROOT, dir);
	if (!fs.existsSync(full)) return [];
	return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
		const rel = `${dir}/${entry.name}`;
		if (entry.isDirectory()) return sources(rel);
		return entry.name.endsWith('.ts') ? [rel] : [];
	});
}

if (require.main === module) {
	const files = [...sources(NODE_DIR), ...sources(TRIGGER_DIR), ...sources('credentials')].map((file) => ({
		path: file,
		source: fs.readFileSync(path.join(ROOT, file), 'utf8'),
	}));
	const problems = checkLayers(files);
	if (problems.length) {
		console.error(`Layering broken (${problems.length}):\n  ${problems.join('\n  ')}`);
		process.exit(1);
	}
	console.log(`layers: ${files.length} files, rules → transport → engine → actions → node (and → trigger), no import upwards`);
}

module.exports = { checkLayers, layerOf };
