// @ts-check
/** Real PNG bytes, made with zlib: what the simulator serves as generated images. */
const zlib = require('node:zlib');

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

/** @param {Buffer} bytes */
function crc32(bytes) {
	let c = 0xffffffff;
	for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * An RGB PNG of `width`×`height`: a diagonal gradient tinted with `rgb`. With `noise`, pixels are
 * random, so the file stays about width·height·3 bytes after compression (for large test images).
 * @param {{ width?: number, height?: number, rgb?: [number, number, number], noise?: boolean }} [options]
 */
function makePng({ width = 64, height = 64, rgb = [91, 61, 245], noise = false } = {}) {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type: RGB
	const rows = Buffer.alloc((width * 3 + 1) * height);
	let seed = (rgb[0] << 16) ^ (rgb[1] << 8) ^ rgb[2] ^ width ^ (height << 3);
	for (let y = 0; y < height; y++) {
		const row = y * (width * 3 + 1);
		for (let x = 0; x < width; x++) {
			const o = row + 1 + x * 3;
			if (noise) {
				for (let c = 0; c < 3; c++) {
					seed = (seed * 1103515245 + 12345) >>> 0;
					rows[o + c] = seed >>> 24;
				}
			} else {
				const t = (x + y) / (width + height);
				rows[o] = Math.round(rgb[0] * (1 - t) + 255 * t);
				rows[o + 1] = Math.round(rgb[1] * (1 - t) + 255 * t);
				rows[o + 2] = Math.round(rgb[2] * (1 - t) + 255 * t);
			}
		}
	}
	return Buffer.concat([
		SIGNATURE,
		chunk('IHDR', header),
		chunk('IDAT', zlib.deflateSync(rows, { level: noise ? 0 : 6 })),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/** A colour derived from a text (a task id), so every task's image differs. @param {string} text */
function colourFor(text) {
	let h = 2166136261;
	for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
	return /** @type {[number, number, number]} */ ([h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff]);
}

/** Detects an image type from its first bytes. @param {Buffer} bytes */
function sniffImageType(bytes) {
	if (bytes.subarray(0, 8).equals(SIGNATURE)) return 'image/png';
	if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
	if (bytes.subarray(0, 6).toString('ascii') === 'GIF87a' || bytes.subarray(0, 6).toString('ascii') === 'GIF89a') return 'image/gif';
	if (bytes.subarray(0, 4).toString('ascii') === 'RIFF' && bytes.subarray(8, 12).toString('ascii') === 'WEBP') return 'image/webp';
	return undefined;
}

module.exports = { makePng, colourFor, sniffImageType, PNG_SIGNATURE: SIGNATURE };
