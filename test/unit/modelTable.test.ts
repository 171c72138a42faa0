/**
 * The README's model table is generated from the catalogue (scripts/model-table.js): this test
 * fails when they differ, so the table cannot drift from what the node enforces.
 */
import fs from 'node:fs';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS script without typings
const { withTable, README } = require('../../scripts/model-table');

it('README.md holds the model table generated from the catalogue (run "npm run docs:models" to update it)', () => {
	const readme = fs.readFileSync(README, 'utf8');
	expect(readme).toBe(withTable(readme));
});

it('lists every catalogued model with its id and source page', () => {
	const readme = fs.readFileSync(README, 'utf8');
	for (const id of ['gpt-4o-image', 'gpt-image-1.5', 'gpt-image-2', 'gemini-2.5-flash-image', 'gemini-3.1-flash-image-preview', 'gemini-3-pro-image-preview', 'doubao-seedream-4.5', 'qwen-image-edit', 'qwen-image-edit-plus']) {
		expect(readme).toContain(`| \`${id}\` |`);
	}
});
