/**
 * The labels of the node's fields, as the user sees them in the panel. The field definitions use
 * them as display names and every input error names its field with them, so an error always
 * points at the field to fix. Keyed by the API field (or the node parameter) they stand for.
 */
export const FIELD_LABELS = {
	prompt: 'Prompt',
	size: 'Size',
	n: 'Number of Images',
	image_urls: 'Reference Image URLs',
	mask_url: 'Mask URL',
	callback_url: 'Callback URL',
	taskId: 'Task ID',
	imageBinaryFields: 'Reference Image Fields',
	maskBinaryField: 'Mask Field',
} as const;

export function labelFor(key: string): string {
	return (FIELD_LABELS as Record<string, string>)[key] ?? key;
}
