// @ts-check
/** A small multipart/form-data reader for the upload endpoint (binary-safe). */

/**
 * @param {Buffer} body
 * @param {string} contentType
 * @returns {{ fields: Record<string, string>, files: Record<string, { fileName?: string, contentType?: string, bytes: Buffer }> } | undefined}
 */
function parseMultipart(body, contentType) {
	const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
	if (!match) return undefined;
	const boundary = Buffer.from(`--${match[1] ?? match[2]}`);
	/** @type {Record<string, string>} */
	const fields = {};
	/** @type {Record<string, { fileName?: string, contentType?: string, bytes: Buffer }>} */
	const files = {};
	let start = body.indexOf(boundary);
	while (start !== -1) {
		const partStart = start + boundary.length;
		if (body.subarray(partStart, partStart + 2).toString() === '--') break;
		const next = body.indexOf(boundary, partStart);
		if (next === -1) break;
		// Part: CRLF headers CRLF CRLF content CRLF
		const part = body.subarray(partStart + 2, next - 2);
		const split = part.indexOf('\r\n\r\n');
		if (split !== -1) {
			const headers = part.subarray(0, split).toString('utf8');
			const content = part.subarray(split + 4);
			const name = /name="([^"]*)"/i.exec(headers)?.[1];
			const fileName = /filename="([^"]*)"/i.exec(headers)?.[1];
			const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
			if (name !== undefined) {
				if (fileName !== undefined || type) files[name] = { fileName, contentType: type, bytes: Buffer.from(content) };
				else fields[name] = content.toString('utf8');
			}
		}
		start = next;
	}
	return { fields, files };
}

module.exports = { parseMultipart };
