/**
 * Copies what tsc does not: the node and credential icons and the node's codex file, next to
 * the compiled code in dist/, where n8n looks for them.
 */
const { src, dest } = require('gulp');

function copyAssets() {
	// encoding: false keeps binary icons (PNG) byte for byte under gulp 5.
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = copyAssets;
exports.default = copyAssets;
