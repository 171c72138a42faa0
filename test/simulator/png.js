// @ts-check
/**
 * Real PNG bytes, made with zlib and CRC-32: what the simulator serves as generated images.
 *
 * - makePng(): a small RGB image (default 64×64) tinted with a colour, so every task's image differs.
 * - pngOfAbout(bytes): a valid PNG of about `bytes` bytes (random pixels in stored, i.e.
 *   uncompressed, deflate blocks), for download-size tests.
 * - oversizedPng(total, rgb): a valid PNG of exactly `total` bytes, as a lazy sequence of buffers
 *   (a small image plus one private ancillary chunk of zeros), so 60 MB never sits in memory.
 * - sniffImageType(): the image type from magic bytes (png, jpeg, gif, webp).
 */
const zlib = require('node:zlib');

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

/**
 * CRC-32 (ISO-HDLC, as PNG uses), optionally continuing from a previous value. Uses zlib.crc32
 * where Node has it (20.15+), a table otherwise.
 * @param {Uint8Array} bytes
 * @param {number} [previous]
 * @returns {number}
 */
function crc32(bytes, previous = 0) {
	const native = /** @type {{ crc32?: (data: Uint8Array, value?: number) => number }} */ (zlib).crc32;
	if (typeof native === 'function') return native(bytes, previous) >>> 0;
	let c = (previous ^ 0xffffffff) >>> 0;
	for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

/** @param {string} type four ASCII letters @param {Buffer} data @returns {Buffer} */
function chunk(type, data) {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))));
	return Buffer.concat([head, data, crc]);
}

/** @param {number} width @param {number} height @returns {Buffer} IHDR chunk, 8-bit RGB */
function ihdr(width, height) {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type: truecolour RGB
	return chunk('IHDR', header); // compression, filter, interlace: 0
}

const IEND = chunk('IEND', Buffer.alloc(0));

/**
 * An RGB PNG of `width`×`height`: a diagonal gradient from `rgb` to white. With `noise`, pixels
 * are pseudo-random (seeded from the colour) and stored uncompressed, so the file is about
 * width·height·3 bytes.
 * @param {{ width?: number, height?: number, rgb?: [number, number, number], noise?: boolean }} [options]
 * @returns {Buffer}
 */
function makePng({ width = 64, height = 64, rgb = [91, 61, 245], noise = false } = {}) {
	const stride = width * 3 + 1;
	const rows = Buffer.alloc(stride * height);
	if (noise) {
		let state = ((rgb[0] << 16) ^ (rgb[1] << 8) ^ rgb[2] ^ (width * 31) ^ (height << 7)) >>> 0 || 0x9e3779b9;
		for (let y = 0; y < height; y++) {
			const row = y * stride; // filter byte 0 (None) stays 0
			for (let x = 1; x < stride; x += 4) {
				state ^= state << 13;
				state ^= state >>> 17;
				state ^= state << 5;
				state >>>= 0;
				for (let k = 0; k < 4 && x + k < stride; k++) rows[row + x + k] = (state >>> (k * 8)) & 0xff;
			}
		}
	} else {
		for (let y = 0; y < height; y++) {
			const row = y * stride;
			for (let x = 0; x < width; x++) {
				const o = row + 1 + x * 3;
				const t = (x + y) / Math.max(1, width + height - 2);
				rows[o] = Math.round(rgb[0] * (1 - t) + 255 * t);
				rows[o + 1] = Math.round(rgb[1] * (1 - t) + 255 * t);
				rows[o + 2] = Math.round(rgb[2] * (1 - t) + 255 * t);
			}
		}
	}
	return Buffer.concat([
		SIGNATURE,
		ihdr(width, height),
		chunk('IDAT', zlib.deflateSync(rows, { level: noise ? 0 : 6 })),
		IEND,
	]);
}

/**
 * A valid PNG of about `bytes` bytes (within a fraction of a percent above a few KB): random
 * pixels, 512 pixels wide, as many rows as needed.
 * @param {number} bytes
 * @param {[number, number, number]} [rgb] seeds the noise
 * @returns {Buffer}
 */
function pngOfAbout(bytes, rgb = [17, 99, 201]) {
	const width = bytes >= 64 * 1024 ? 512 : 32;
	const stride = width * 3 + 1;
	// PNG overhead ≈ 57 bytes of signature and chunks, zlib 6 bytes, 5 bytes per 64 KB stored block.
	const payload = Math.max(stride, bytes - 70);
	const height = Math.max(1, Math.round(payload / (stride * (1 + 5 / 65535))));
	return makePng({ width, height, rgb, noise: true });
}

/** @type {Map<number, number>} CRC of a padding chunk (type + zeros) by its data length */
const paddingCrcCache = new Map();
const ZEROS = Buffer.alloc(256 * 1024);
const PAD_TYPE = Buffer.from('evPd', 'ascii'); // ancillary, private, safe-to-copy: decoders skip it

/** @param {number} length */
function paddingCrc(length) {
	let crc = paddingCrcCache.get(length);
	if (crc === undefined) {
		crc = crc32(PAD_TYPE);
		for (let left = length; left > 0; left -= ZEROS.length) crc = crc32(ZEROS.subarray(0, Math.min(left, ZEROS.length)), crc);
		paddingCrcCache.set(length, crc);
	}
	return crc;
}

/**
 * A valid PNG of exactly `total` bytes (or the small image alone when `total` is smaller), as
 * buffers to stream one after another: signature, IHDR, IDAT, one `evPd` chunk of zeros, IEND.
 * @param {number} total
 * @param {[number, number, number]} [rgb]
 * @returns {{ length: number, parts: () => Generator<Buffer, void, unknown> }}
 */
function oversizedPng(total, rgb) {
	const image = makePng({ rgb });
	const overhead = image.length + 12; // the padding chunk's length, type and CRC
	if (total < overhead) return { length: image.length, parts: function* () { yield image; } };
	const padding = total - overhead;
	const head = image.subarray(0, image.length - IEND.length);
	return {
		length: total,
		parts: function* () {
			const lengthAndType = Buffer.alloc(8);
			lengthAndType.writeUInt32BE(padding, 0);
			PAD_TYPE.copy(lengthAndType, 4);
			yield head;
			yield lengthAndType;
			for (let left = padding; left > 0; left -= ZEROS.length) yield ZEROS.subarray(0, Math.min(left, ZEROS.length));
			const crc = Buffer.alloc(4);
			crc.writeUInt32BE(paddingCrc(padding));
			yield crc;
			yield IEND;
		},
	};
}

/** A colour derived from a text (a task id), so every task's image differs. @param {string} text */
function colourFor(text) {
	let h = 2166136261;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
	return /** @type {[number, number, number]} */ ([h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff]);
}

/**
 * The image type from the first bytes, or undefined for anything else.
 * @param {Uint8Array} bytes
 * @returns {'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | undefined}
 */
function sniffImageType(bytes) {
	const b = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 16));
	if (b.length >= 8 && b.subarray(0, 8).equals(SIGNATURE)) return 'image/png';
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
	const six = b.subarray(0, 6).toString('latin1');
	if (six === 'GIF87a' || six === 'GIF89a') return 'image/gif';
	if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
	return undefined;
}

/**
 * Splits PNG bytes into chunks and checks every CRC (used by tests).
 * @param {Buffer} png
 * @returns {{ type: string, data: Buffer, crcOk: boolean }[]}
 */
function readPngChunks(png) {
	if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG: bad signature');
	/** @type {{ type: string, data: Buffer, crcOk: boolean }[]} */
	const chunks = [];
	let offset = 8;
	while (offset + 12 <= png.length) {
		const length = png.readUInt32BE(offset);
		const type = png.subarray(offset + 4, offset + 8).toString('ascii');
		const data = png.subarray(offset + 8, offset + 8 + length);
		const crc = png.readUInt32BE(offset + 8 + length);
		chunks.push({ type, data, crcOk: crc === crc32(data, crc32(png.subarray(offset + 4, offset + 8))) });
		offset += 12 + length;
		if (type === 'IEND') break;
	}
	return chunks;
}

module.exports = { makePng, pngOfAbout, oversizedPng, colourFor, sniffImageType, readPngChunks, crc32, PNG_SIGNATURE: SIGNATURE };
