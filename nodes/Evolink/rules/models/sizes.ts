/**
 * Size rules that several models share: pixel sizes written WxH (or W×H) and aspect ratios.
 */

/** Width and height of a "1536x1024" (or "1536×1024") size, or undefined. */
export function pixelSize(value: string): { width: number; height: number } | undefined {
	const match = /^(\d{1,5})\s*[x×X]\s*(\d{1,5})$/.exec(value.trim());
	return match ? { width: Number(match[1]), height: Number(match[2]) } : undefined;
}

/** "1 024 x 1 024"-style numbers, for messages. */
export function formatPixels(count: number): string {
	return count.toLocaleString('en-US');
}

export interface PixelBounds {
	minPixels: number;
	maxPixels: number;
	/** The longest side may be at most this many times the shortest. */
	maxRatio: number;
	minSide?: number;
	maxSide?: number;
	multipleOf?: number;
}

/** The problem with a WxH size under `bounds`, or undefined when it fits. */
export function checkPixels(width: number, height: number, bounds: PixelBounds): string | undefined {
	const area = width * height;
	const ratio = Math.max(width, height) / Math.min(width, height);
	if (bounds.multipleOf && (width % bounds.multipleOf || height % bounds.multipleOf)) {
		return `must have a width and height that are multiples of ${bounds.multipleOf}, got ${width}x${height}`;
	}
	if ((bounds.minSide && Math.min(width, height) < bounds.minSide) || (bounds.maxSide && Math.max(width, height) > bounds.maxSide)) {
		return `must have sides from ${bounds.minSide ?? 1} to ${bounds.maxSide} pixels, got ${width}x${height}`;
	}
	if (area < bounds.minPixels || area > bounds.maxPixels) {
		return `must have from ${formatPixels(bounds.minPixels)} to ${formatPixels(bounds.maxPixels)} pixels in all, got ${width}x${height} (${formatPixels(area)})`;
	}
	if (ratio > bounds.maxRatio) return `must not be more than ${bounds.maxRatio} times as wide as high (or the reverse), got ${width}x${height}`;
	return undefined;
}
