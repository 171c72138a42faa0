// @ts-check
/**
 * A small, binary-safe multipart/form-data reader (RFC 7578) for the upload endpoint.
 * Parts are delimited by CRLF "--boundary"; file contents are kept as exact bytes.
 */

/**
 * @typedef {object} MultipartFile
 * @property {string | undefined} fileName from the part's Content-Disposition (filename or filename*)
 * @property {string | undefined} contentType the part's declared Content-Type
 * @property {Buffer} bytes
 */

/**
 * @typedef {object} MultipartBody
 * @property {Record<string, string>} fields text parts (no filename, no content type)
 * @property {Record<string, MultipartFile>} files parts with a filename or a content type
 */

/** @param {string} contentType @returns {string | undefined} */
function boundaryOf(contentType) {
	const match = /;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
	return match ? (match[1] ?? match[2]) : undefined;
}

/**
 * Parameters of a header value such as `form-data; name="file"; filename="a.png"`.
 * @param {string} value
 * @returns {Record<string, string>}
 */
function headerParams(value) {
	/** @type {Record<string, string>} */
	const params = {};
	const re = /;\s*([A-Za-z0-9_*.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
	let m;
	while ((m = re.exec(value))) {
		const key = m[1].toLowerCase();
		const raw = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
		if (key.endsWith('*')) {
			// RFC 5987: charset'lang'percent-encoded
			const ext = /^([^']*)'[^']*'(.*)$/.exec(raw);
			try {
				params[key.slice(0, -1)] = decodeURIComponent(ext ? ext[2] : raw);
			} catch {
				params[key.slice(0, -1)] = raw;
			}
		} else if (!(key in params)) {
			params[key] = raw;
		}
	}
	return params;
}

/**
 * @param {Buffer} body the whole request body
 * @param {string} contentType the request's Content-Type (carries the boundary)
 * @returns {MultipartBody | undefined} undefined when there is no boundary or no well-formed part
 */
function parseMultipart(body, contentType) {
	const boundary = boundaryOf(contentType);
	if (!boundary) return undefined;
	const dashBoundary = Buffer.from(`--${boundary}`, 'latin1');
	const delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
	/** @type {MultipartBody} */
	const result = { fields: {}, files: {} };
	// The first delimiter may open the body (no CRLF before it) or follow a preamble.
	let pos = body.subarray(0, dashBoundary.length).equals(dashBoundary) ? 0 : body.indexOf(delimiter);
	if (pos === -1) return undefined;
	pos += pos === 0 && body[0] === 0x2d ? dashBoundary.length : delimiter.length;
	let parts = 0;
	for (;;) {
		// After a delimiter: "--" closes the body, otherwise optional whitespace then CRLF.
		if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break;
		while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
		if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) return parts ? result : undefined;
		pos += 2;
		const headerEnd = body.indexOf('\r\n\r\n', pos, 'latin1');
		const next = body.indexOf(delimiter, pos);
		if (next === -1) return parts ? result : undefined; // unterminated part
		/** @type {Record<string, string>} */
		const headers = {};
		let contentStart;
		if (headerEnd !== -1 && headerEnd < next) {
			for (const line of body.subarray(pos, headerEnd).toString('utf8').split('\r\n')) {
				const colon = line.indexOf(':');
				if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
			}
			contentStart = headerEnd + 4;
		} else if (body[pos] === 0x0d && body[pos + 1] === 0x0a) {
			contentStart = pos + 2; // a part without headers
		} else {
			return parts ? result : undefined;
		}
		const content = Buffer.from(body.subarray(contentStart, next));
		const disposition = headers['content-disposition'] ?? '';
		const params = headerParams(disposition);
		const name = params.name;
		if (name !== undefined) {
			const type = headers['content-type'];
			if (params.filename !== undefined || type !== undefined) {
				result.files[name] = { fileName: params.filename, contentType: type, bytes: content };
			} else {
				result.fields[name] = content.toString('utf8');
			}
			parts++;
		}
		pos = next + delimiter.length;
	}
	return result;
}

module.exports = { parseMultipart, boundaryOf };
