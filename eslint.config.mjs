/**
 * ESLint 9 flat config.
 *
 * The package sources (nodes/, credentials/) and package.json get what `n8n-node lint`
 * (@n8n/node-cli's eslint config) applies, plus the scanner's extra `no-console`:
 *   - @eslint/js recommended + typescript-eslint recommended,
 *   - @n8n/eslint-plugin-community-nodes `recommended` (the n8n Cloud variant),
 *   - eslint-plugin-n8n-nodes-base: `community` on package.json, `credentials` on
 *     credentials/**, `nodes` on nodes/**, with node-cli's (and the scanner's) off-overrides.
 * n8n's community-package scanner itself (@n8n/scan-community-package, with its own pinned copy
 * of the community-nodes plugin) runs in `npm run scan`, over these sources and the tarball.
 *
 * Tests, the simulator and scripts are tooling: typescript-eslint recommended only, Node allowed.
 * (tseslint.config rather than eslint's defineConfig, as n8n-node lint does: with defineConfig the
 * no-var/prefer-const part of typescript-eslint recommended would skip the .js tooling files.)
 */
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const communityRecommended = n8nCommunityNodesPlugin.configs.recommended;

const PACKAGE_SOURCES = ['nodes/**/*.ts', 'credentials/**/*.ts'];
const TOOLING = ['test/**/*.{ts,js}', 'scripts/**/*.{js,mjs}', 'e2e/**/*.js', 'gulpfile.js', 'jest.config.js', 'index.js', 'eslint.config.mjs'];
const COMMONJS_TOOLING = ['test/**/*.js', 'scripts/**/*.js', 'e2e/**/*.js', 'gulpfile.js', 'jest.config.js', 'index.js'];

export default tseslint.config(
	globalIgnores(['dist/**', 'node_modules/**', 'coverage/**', '.e2e/**', '.n8n-cache/**']),

	// Package sources: exactly what `n8n-node lint` runs on **/*.ts, plus the scanner's no-console.
	{
		files: PACKAGE_SOURCES,
		extends: [js.configs.recommended, tseslint.configs.recommended, communityRecommended],
		rules: {
			// Off in n8n-node lint's own config (kept identical): `fn.apply(this, args)`, forwarding n8n's `this`, stays allowed.
			'prefer-spread': 'off',
			'no-console': 'error',
		},
	},
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		// The package.json rules walk a TSESTree ObjectExpression, so package.json is parsed by the
		// TypeScript parser (as n8n-node lint and the scanner do); the community-nodes rules that
		// check package.json (and, anchored on it, no-dead-files / node-registration-complete) only
		// run when that config applies to package.json itself.
		files: ['package.json'],
		extends: [communityRecommended],
		rules: { ...n8nNodesBase.configs.community.rules },
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{
		// The scanner also lints the JSON next to the sources (the codex file) with the same rules.
		files: ['nodes/**/*.json', 'credentials/**/*.json'],
		extends: [communityRecommended],
		rules: { 'no-console': 'error' },
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Off in n8n-node lint and the scanner: camelCase doc slugs are for n8n's own repo; community credentials use a full URL.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// Off in n8n-node lint and the scanner: superseded by @n8n/community-nodes/credential-password-field (more accurate).
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Off in n8n-node lint and the scanner: it wants the string 'main'; community-nodes requires NodeConnectionTypes.Main.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			// Off in n8n-node lint and the scanner: same reason as inputs (NodeConnectionTypes enum instead of 'main').
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// Off in n8n-node lint and the scanner: a third-party API may really have a maximum, so maxValue is valid.
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},

	// Tooling: typescript-eslint recommended only. no-undef stays off (tsc checks names), so Node
	// globals (process, Buffer, setTimeout, __dirname, ...) and Node built-in modules are allowed.
	{
		files: TOOLING,
		extends: [tseslint.configs.recommended],
	},
	{
		files: COMMONJS_TOOLING,
		languageOptions: { sourceType: 'commonjs' },
		rules: {
			// These are CommonJS files run by plain node (no build step), so require() is how they import.
			'@typescript-eslint/no-require-imports': 'off',
		},
	},
);
