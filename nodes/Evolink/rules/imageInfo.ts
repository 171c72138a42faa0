/**
 * What an image file is, read from its first bytes rather than from its name or declared type:
 * the format and, for PNG, JPEG and WebP, the pixel size (needed to check a mask against its
 * reference before anything is uploaded).
 */

type ImageFormat = 'png' | 'jpeg' | 'webp' | 'gif';

export interface ImageInfo {
	format: ImageFormat;
	mimeType: string;
	width?: number;
	height?: number;
}

const MIME: Record<ImageFormat, string> = {
	png: 'image/png',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	gif: 'image/gif',
};

function ascii(bytes: Uint8Array, start: number, length: number): string {
	return String.fromCharCode(...bytes.subarray(start, start + length));
}

function u16be(b: Uint8Array, o: number): number {
	return (b[o] << 8) | b[o + 1];
}

function u32be(b: Uint8Array, o: number): number {
	return ((b[o] << 24) >>> 0) + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);
}

function u24le(b: Uint8Array, o: number): number {
	return b[o] | (b[o + 1] << 8) | (b[o + 2] << 16);
}

function jpegSize(b: Uint8Array): { width: number; height: number } | undefined {
	let offset = 2;
	while (offset + 9 < b.length) {
		if (b[offset] !== 0xff) return undefined;
		const marker = b[offset + 1];
		if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
			offset += 2;
			continue;
		}
		const length = u16be(b, offset + 2);
		// Start-of-frame markers carry the size (not DHT 0xC4, JPG 0xC8, DAC 0xCC).
		if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
			return { height: u16be(b, offset + 5), width: u16be(b, offset + 7) };
		}
		offset += 2 + length;
	}
	return undefined;
}

function webpSize(b: Uint8Array): { width: number; height: number } | undefined {
	const chunk = ascii(b, 12, 4);
	if (chunk === 'VP8 ' && b.length >= 30) {
		return { width: (b[26] | (b[27] << 8)) & 0x3fff, height: (b[28] | (b[29] << 8)) & 0x3fff };
	}
	if (chunk === 'VP8L' && b.length >= 25) {
		const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
		return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8X' && b.length >= 30) {
		return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
	}
	return undefined;
}

/** Reads format and size from an image's bytes; undefined when it is no image we know. */
export function readImageInfo(bytes: Uint8Array): ImageInfo | undefined {
	if (bytes.length >= 24 && bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG') {
		return { format: 'png', mimeType: MIME.png, width: u32be(bytes, 16), height: u32be(bytes, 20) };
	}
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
		return { format: 'jpeg', mimeType: MIME.jpeg, ...jpegSize(bytes) };
	}
	if (bytes.length >= 16 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') {
		return { format: 'webp', mimeType: MIME.webp, ...webpSize(bytes) };
	}
	if (bytes.length >= 6 && /^GIF8[79]a$/.test(ascii(bytes, 0, 6))) {
		return { format: 'gif', mimeType: MIME.gif, width: bytes[6] | (bytes[7] << 8), height: bytes[8] | (bytes[9] << 8) };
	}
	return undefined;
}

/** A file extension for a result's content type. */
export function extensionFor(mimeType: string): string {
	const type = mimeType.split(';')[0].trim().toLowerCase();
	if (type === 'audio/mpeg') return 'mp3';
	const subtype = type.replace(/^(image|video|audio)\//, '');
	return subtype === 'jpeg' ? 'jpg' : subtype.replace(/[^a-z0-9]/g, '') || 'bin';
}
