/**
 * Lint: the node and credential sources and package.json get exactly the rules n8n's
 * community-package scanner applies (its own exported config: @n8n/eslint-plugin-community-nodes
 * and eslint-plugin-n8n-nodes-base, as `n8n-node lint` does); everything gets typescript-eslint's
 * recommended rules. Tests, the simulator and scripts are tooling and may use Node freely.
 */
import { buildScanConfig } from '@n8n/scan-community-package/scanner/scanner.mjs';
import tseslint from 'typescript-eslint';

const PACKAGE_FILES = ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'];

const scanConfig = (await buildScanConfig()).map((config) =>
	// The scanner lints only the package's files; keep its file-less blocks off the tooling.
	config.files ? config : { ...config, files: PACKAGE_FILES },
);

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.e2e/**', '.n8n-cache/**', 'docs/**'] },
	{
		files: ['**/*.ts', '**/*.js', '**/*.mjs'],
		extends: [tseslint.configs.recommended],
	},
	...scanConfig,
	{
		files: ['test/**/*.js', 'scripts/**/*.js', 'gulpfile.js', 'jest.config.js'],
		rules: {
			// CommonJS tooling run by plain node, no build step.
			'@typescript-eslint/no-require-imports': 'off',
		},
	},
);
