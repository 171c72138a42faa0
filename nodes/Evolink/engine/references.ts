/**
 * Reference images and masks that arrive as binary data (a form upload, a Drive download, an
 * email attachment). Evolink only takes public URLs, so they are checked first — every rule,
 * before anything is uploaded or created — then uploaded through Evolink's file API.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { type ImageInfo, readImageInfo } from '../rules/imageInfo';
import { FIELD_LABELS } from '../rules/labels';
import { MEGABYTE } from '../rules/limits';
import type { ModelEntry } from '../rules/models/types';
import type { InputProblem } from '../rules/request';
import type { EvolinkClient } from '../transport/client';
import { EvolinkFailure } from '../transport/failure';
import { toNodeApiError } from './nodeErrors';

interface BinaryReference {
	field: string;
	fileName: string;
	info: ImageInfo;
}

export interface BinaryReferences {
	images: BinaryReference[];
	mask?: BinaryReference;
}

const FORMAT_NAMES: Record<string, string> = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP', gif: 'GIF' };

/** "JPEG, PNG or WebP". */
function formatList(formats: readonly string[]): string {
	const names = formats.map((format) => FORMAT_NAMES[format] ?? format.toUpperCase()).sort();
	return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function megabytes(bytes: number): string {
	return `${(bytes / MEGABYTE).toFixed(1)} MB`;
}

async function inspect(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	label: string,
	problems: InputProblem[],
): Promise<{ reference: BinaryReference; size: number } | undefined> {
	const binary = ctx.getInputData()[itemIndex]?.binary?.[field];
	if (!binary) {
		const available = Object.keys(ctx.getInputData()[itemIndex]?.binary ?? {});
		problems.push({
			field: label,
			problem: `names the binary field "${field}", which item ${itemIndex} does not have (it has: ${available.length ? available.join(', ') : 'no binary data'})`,
		});
		return undefined;
	}
	const bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, field);
	const info = readImageInfo(bytes);
	if (!info) {
		problems.push({ field: label, problem: `"${field}" is not an image Evolink can read (${binary.mimeType || 'unknown type'})` });
		return undefined;
	}
	return { reference: { field, fileName: binary.fileName ?? `${field}.${info.format}`, info }, size: bytes.length };
}

/**
 * Checks the item's binary references against every rule: at most 5, JPEG/PNG/WebP only (GIF
 * is accepted by the file API but not by gpt-4o-image), at most 10 MB each; a PNG mask of at most
 * 4 MB, only with exactly one reference, which must be a PNG of the same pixel size.
 */
export async function checkBinaryReferences(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fields: string[],
	maskField: string | undefined,
	model: Pick<ModelEntry, 'id' | 'references' | 'mask'>,
	values: Record<string, unknown> = {},
): Promise<{ references?: BinaryReferences; problems: InputProblem[] }> {
	const problems: InputProblem[] = [];
	const limits = model.references ?? { max: 0, maxBytes: 0, formats: [] as readonly string[] };
	const label = FIELD_LABELS.imageBinaryFields;
	if (fields.length === 0) problems.push({ field: label, problem: 'is empty: name at least one binary field, e.g. data' });
	const min = model.references?.min ?? 0;
	if (fields.length > 0 && fields.length < min) problems.push({ field: label, problem: `must name at least ${min} images for ${model.id}, got ${fields.length}` });
	if (fields.length > limits.max) {
		problems.push({ field: label, problem: `must name at most ${limits.max} images, got ${fields.length}` });
	}
	const images: BinaryReference[] = [];
	for (const field of fields.slice(0, limits.max)) {
		const found = await inspect(ctx, itemIndex, field, label, problems);
		if (!found) continue;
		const { format, width, height } = found.reference.info;
		if (!limits.formats.includes(format)) {
			problems.push({ field: label, problem: `"${field}" is ${format.toUpperCase()}; ${model.id} takes ${formatList(limits.formats)}` });
		} else if (found.size > limits.maxBytes) {
			problems.push({ field: label, problem: `"${field}" is ${megabytes(found.size)}; each reference may be at most ${limits.maxBytes / MEGABYTE} MB` });
		} else if (width !== undefined && height !== undefined) {
			const { minSide, maxSide, maxAspect, exactSizeKey } = model.references ?? {};
			const exact = exactSizeKey ? /^(\d+)x(\d+)$/.exec(String(values[exactSizeKey] ?? '')) : null;
			if ((minSide !== undefined && Math.min(width, height) < minSide) || (maxSide !== undefined && Math.max(width, height) > maxSide)) {
				problems.push({
					field: label,
					problem: `"${field}" is ${width}×${height} pixels; ${model.id} takes sides from ${minSide ?? 1} to ${maxSide ?? '∞'} pixels`,
				});
			} else if (maxAspect !== undefined && Math.max(width, height) / Math.min(width, height) > maxAspect) {
				problems.push({ field: label, problem: `"${field}" is ${width}×${height} pixels; ${model.id} takes images at most ${maxAspect} times as wide as high (or the reverse)` });
			} else if (exact && (Number(exact[1]) !== width || Number(exact[2]) !== height)) {
				problems.push({
					field: label,
					problem: `"${field}" is ${width}×${height} pixels; with ${exactSizeKey} ${exact[0]}, ${model.id} needs an image of exactly ${exact[1]}×${exact[2]}`,
				});
			}
		}
		images.push(found.reference);
	}
	let mask: BinaryReference | undefined;
	if (maskField) {
		const maskLabel = FIELD_LABELS.maskBinaryField;
		const found = await inspect(ctx, itemIndex, maskField, maskLabel, problems);
		if (found) {
			mask = found.reference;
			if (!model.mask) {
				problems.push({ field: maskLabel, problem: `${model.id} takes no mask` });
			} else if (found.reference.info.format !== 'png') {
				problems.push({ field: maskLabel, problem: `"${maskField}" must be a PNG, got ${found.reference.info.format.toUpperCase()}` });
			} else if (found.size > model.mask.maxBytes) {
				problems.push({ field: maskLabel, problem: `"${maskField}" is ${megabytes(found.size)}; a mask may be at most ${model.mask.maxBytes / MEGABYTE} MB` });
			}
			if (fields.length !== 1) {
				problems.push({ field: maskLabel, problem: `can only be used with exactly one reference image, got ${fields.length}` });
			} else if (images[0]) {
				const [image] = images;
				if (image.info.format !== 'png') {
					problems.push({
						field: label,
						problem: `"${image.field}" is ${image.info.format.toUpperCase()}; the image edited with a mask must be a PNG`,
					});
				}
				const same = image.info.width === mask.info.width && image.info.height === mask.info.height;
				if (!same) {
					problems.push({
						field: maskLabel,
						problem: `"${maskField}" is ${mask.info.width}×${mask.info.height} pixels but the reference "${image.field}" is ${image.info.width ?? '?'}×${image.info.height ?? '?'}; they must match`,
					});
				}
			}
		}
	}
	return problems.length ? { problems } : { references: { images, mask }, problems };
}

/** Uploads the checked references and returns the URLs for `image_urls` and `mask_url`. */
export async function uploadBinaryReferences(
	ctx: IExecuteFunctions,
	client: Pick<EvolinkClient, 'uploadImage'>,
	itemIndex: number,
	references: BinaryReferences,
): Promise<{ imageUrls: string[]; maskUrl?: string }> {
	const upload = async (reference: BinaryReference): Promise<string> => {
		let failure: EvolinkFailure;
		try {
			const bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, reference.field);
			return await client.uploadImage({ bytes, fileName: reference.fileName, mimeType: reference.info.mimeType });
		} catch (error) {
			if (!(error instanceof EvolinkFailure)) throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
			failure = error;
		}
		const { details } = failure;
		// A rejected key or missing credits read as such; anything else is the upload's failure.
		const asUpload =
			details.kind === 'cancelled' || details.status === 401 || details.status === 402
				? failure
				: new EvolinkFailure({
						...details,
						kind: 'upload',
						apiMessage: details.status ? `HTTP ${details.status}: ${details.apiMessage ?? ''}`.trim() : details.apiMessage,
					});
		throw toNodeApiError(ctx.getNode(), asUpload, { itemIndex, binaryField: reference.field });
	};
	const imageUrls: string[] = [];
	for (const image of references.images) imageUrls.push(await upload(image));
	const maskUrl = references.mask ? await upload(references.mask) : undefined;
	return { imageUrls, maskUrl };
}
