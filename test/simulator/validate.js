// @ts-check
const path = require('node:path');
/**
 * Request checks of `POST /v1/images/generations`, as docs/evolink-api.md states them, and the
 * error envelopes the simulator answers with.
 */
const net = require('node:net');

const MODEL = 'gpt-4o-image';
const SIZES = ['1:1', '2:3', '3:2', '1024x1024', '1024x1536', '1536x1024'];
const NS = [1, 2, 4];
const MAX_PROMPT = 1000;
const MAX_IMAGES = 5;
const MAX_CALLBACK = 2048;

/**
 * @typedef {object} ErrorEnvelope
 * @property {{ code: string, message: string, type: string, param?: string }} error
 */

/**
 * `{"error":{"code","message","type"[, "param"]}}`
 * @param {string} code @param {string} message @param {string} type @param {string} [param]
 * @returns {ErrorEnvelope}
 */
function envelope(code, message, type, param) {
	return { error: param === undefined ? { code, message, type } : { code, message, type, param } };
}

/** The envelope the gateway sends for an HTTP status that is not about the request's content. */
const STATUS_ERRORS = /** @type {Record<number, [string, string, string]>} */ ({
	400: ['invalid_request', 'The request could not be understood by the server.', 'invalid_request_error'],
	401: ['invalid_api_key', 'Invalid API key. Check the key in your Evolink dashboard.', 'authentication_error'],
	402: ['insufficient_quota', 'Insufficient credits. Top up at https://evolink.ai/dashboard.', 'insufficient_quota'],
	403: ['permission_denied', 'This API key is not allowed to use this model.', 'permission_error'],
	404: ['not_found', 'The requested resource was not found.', 'invalid_request_error'],
	408: ['request_timeout', 'The request timed out.', 'server_error'],
	409: ['conflict', 'The request conflicts with another request.', 'invalid_request_error'],
	413: ['request_too_large', 'The request body is too large.', 'invalid_request_error'],
	429: ['rate_limit_exceeded', 'Rate limit reached for requests. Please slow down and retry later.', 'rate_limit_error'],
	500: ['internal_error', 'Internal server error. Please retry later.', 'server_error'],
	502: ['bad_gateway', 'The upstream service returned an invalid response. Please retry later.', 'upstream_error'],
	503: ['service_unavailable', 'The service is temporarily unavailable. Please retry later.', 'server_error'],
	504: ['gateway_timeout', 'The upstream service timed out. Please retry later.', 'upstream_error'],
});

/** @param {number} status @returns {ErrorEnvelope} */
function statusEnvelope(status) {
	const known = STATUS_ERRORS[status];
	if (known) return envelope(known[0], known[1], known[2]);
	return envelope(`http_${status}`, `Request failed with status ${status}.`, status >= 500 ? 'server_error' : 'invalid_request_error');
}

/** Vendor failure codes (the error-code reference) with the kind of message Evolink sends. */
const FAILURE_MESSAGES = /** @type {Record<string, string>} */ ({
	content_policy_violation: 'Your request was rejected by the safety system: the prompt or image may violate the content policy.',
	invalid_parameters: 'Invalid parameters for the image generation request.',
	image_processing_error: 'Failed to process the input image: it could not be downloaded or decoded.',
	image_dimension_mismatch: 'The mask image must have the same dimensions as the reference image.',
	request_cancelled: 'The request was cancelled.',
	generation_failed_no_content: 'The model returned no image content. Please try again.',
	service_error: 'The upstream service returned an error. Please try again later.',
	generation_timeout: 'Image generation timed out. Please try again later.',
	resource_exhausted: 'Upstream resources are temporarily exhausted. Please try again later.',
	quota_exceeded: 'The upstream quota is exceeded. Please try again later.',
	service_unavailable: 'The image service is temporarily unavailable. Please try again later.',
	resource_not_found: 'The requested resource was not found. Check the task id.',
	unknown_error: 'An unknown error occurred. Please contact support.',
});

/** @param {string} code */
function failureMessage(code) {
	return FAILURE_MESSAGES[code] ?? `Image generation failed (${code}).`;
}

/** @param {unknown} value */
function isHttpUrl(value) {
	if (typeof value !== 'string' || !value) return false;
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

/**
 * Loopback, private, link-local, CGNAT, unspecified and local-name hosts, IPv4 and IPv6.
 * @param {string} hostname as URL.hostname gives it (IPv6 in brackets)
 */
function isPrivateHost(hostname) {
	const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
	if (net.isIPv4(host)) {
		const [a, b] = host.split('.').map(Number);
		return (
			a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) ||
			(a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224
		);
	}
	if (net.isIPv6(host)) {
		if (host === '::' || host === '::1') return true;
		const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
		if (mapped) return isPrivateHost(mapped[1]);
		if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(host)) return true; // IPv4-mapped, hex form: refuse
		return /^(fc|fd|fe[89ab])/.test(host);
	}
	return false;
}

/**
 * Models other than the seed: a catalogued model's body is checked with the rules of the node's
 * model catalogue (from the build, dist/), which are the package's reading of each model's page;
 * an id the catalogue does not know is accepted when it looks like a model id, as Evolink
 * accepts models released after the package (the Other path).
 * @param {Record<string, unknown>} b @param {(message: string, param: string) => ErrorEnvelope} bad
 * @returns {ErrorEnvelope | undefined}
 */
function validateOtherModel(b, bad, kind = 'image') {
	if (typeof b.model !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/.test(b.model)) {
		return bad(`Unsupported model "${String(b.model)}".`, 'model');
	}
	const catalogue = loadCatalogue();
	const model = catalogue?.modelById(b.model);
	if (!model || !catalogue) return UNCATALOGUED_MODELS.includes(b.model) ? undefined : bad(`Unsupported model "${b.model}".`, 'model');
	if (model.output !== kind) return bad(`Model "${b.model}" makes ${model.output}, not ${kind}: use its endpoint.`, 'model');
	// The simulator's own file URLs are on 127.0.0.1, where Evolink's are public: read them as public.
	// Fields the catalogue has no rule for (Additional Body Fields) are accepted as they are, and
	// frames (image_start, image_end) are checked as the catalogue reads them, as a list.
	const known = catalogue.typedKeys(model);
	const flat = Object.fromEntries(Object.entries(flatten(b)).filter(([key]) => known.has(key.split('.')[0])));
	if (model.references?.frames) {
		delete flat.image_start;
		delete flat.image_end;
		const frames = [b.image_start, b.image_end].filter((url) => url !== undefined);
		if (frames.length) flat.image_urls = frames;
	}
	for (const key of ['image_urls', 'mask_url']) {
		const asPublic = (/** @type {unknown} */ url) => (typeof url === 'string' ? url.replace(/^http:\/\/127\.0\.0\.1:\d+/, 'https://files.evolink.example') : url);
		if (Array.isArray(flat[key])) flat[key] = /** @type {unknown[]} */ (flat[key]).map(asPublic);
		else if (flat[key] !== undefined) flat[key] = asPublic(flat[key]);
	}
	const parsed = catalogue.bodySchema(model).safeParse(flat);
	if (parsed.success) return undefined;
	const issue = parsed.error.issues[0];
	return bad(`${String(issue.path[0] ?? 'body')} ${issue.message}.`, String(issue.path[0] ?? 'body'));
}

/**
 * Real Evolink image models the package has no typed fields for (reached through Other): the
 * simulator accepts them with any body, and refuses ids it does not know, as Evolink does.
 */
const UNCATALOGUED_MODELS = [
	'doubao-seedream-5.0-lite',
	'doubao-seedream-4.0',
	'nano-banana-beta',
	'gpt-image-1.5-lite',
	'gpt-image-2-beta',
	'nano-banana-2-beta',
	'seedance-2.0-reference-to-video',
	'MiniMax-Hailuo-2.3-Fast',
	'suno-v4.5',
];

/** Nested body fields as the catalogue's dotted keys (`model_params.web_search`). @param {Record<string, unknown>} body */
function flatten(body, prefix = '') {
	/** @type {Record<string, unknown>} */
	const flat = {};
	for (const [key, value] of Object.entries(body)) {
		if (value && typeof value === 'object' && !Array.isArray(value)) Object.assign(flat, flatten(/** @type {Record<string, unknown>} */ (value), `${prefix}${key}.`));
		else flat[`${prefix}${key}`] = value;
	}
	return flat;
}

/** @type {{ modelById: (id: string) => any, bodySchema: (model: any) => any, typedKeys: (model: any) => Set<string> } | null | undefined} */
let catalogue;
function loadCatalogue() {
	if (catalogue !== undefined) return catalogue;
	try {
		// A computed path: the build is loaded at run time, not type-checked as a source.
		const dist = path.join(__dirname, '..', '..', 'dist', 'nodes', 'Evolink', 'rules', 'models');
		const models = require(dist);
		const schema = require(path.join(dist, 'schema'));
		catalogue = { modelById: models.modelById, bodySchema: schema.bodySchema, typedKeys: schema.typedKeys };
	} catch {
		catalogue = null; // not built: catalogued models are then accepted like unknown ones
	}
	return catalogue;
}

/**
 * @param {unknown} body the parsed JSON body
 * @param {'image' | 'video' | 'audio'} [kind] the endpoint's output kind
 * @returns {ErrorEnvelope | undefined} the 400 envelope, or undefined when the body is acceptable
 */
function validateCreate(body, kind = 'image') {
	/** @param {string} message @param {string} param */
	const bad = (message, param) => envelope('invalid_parameter', message, 'invalid_request_error', param);
	if (!body || typeof body !== 'object' || Array.isArray(body)) return bad('The request body must be a JSON object.', 'body');
	const b = /** @type {Record<string, unknown>} */ (body);
	if (b.model === undefined) return bad('model is required.', 'model');
	if (b.model !== MODEL || kind !== 'image') return validateOtherModel(b, bad, kind);
	if (b.prompt === undefined || b.prompt === null || b.prompt === '') return bad('prompt is required.', 'prompt');
	if (typeof b.prompt !== 'string') return bad('prompt must be a string.', 'prompt');
	const length = Array.from(b.prompt).length;
	if (length > MAX_PROMPT) return bad(`prompt must be at most ${MAX_PROMPT} characters, got ${length}.`, 'prompt');
	if (b.size !== undefined && (typeof b.size !== 'string' || !SIZES.includes(b.size))) {
		return bad(`size must be one of ${SIZES.join(', ')}.`, 'size');
	}
	if (b.n !== undefined && (typeof b.n !== 'number' || !NS.includes(b.n))) return bad('n must be 1, 2 or 4.', 'n');
	if (b.image_urls !== undefined) {
		if (!Array.isArray(b.image_urls)) return bad('image_urls must be an array of URLs.', 'image_urls');
		if (b.image_urls.length > MAX_IMAGES) return bad(`image_urls accepts at most ${MAX_IMAGES} images, got ${b.image_urls.length}.`, 'image_urls');
		const wrong = b.image_urls.findIndex((url) => !isHttpUrl(url));
		if (wrong !== -1) return bad(`image_urls[${wrong}] must be an http(s) URL.`, 'image_urls');
	}
	if (b.mask_url !== undefined) {
		if (!isHttpUrl(b.mask_url)) return bad('mask_url must be an http(s) URL.', 'mask_url');
		const count = Array.isArray(b.image_urls) ? b.image_urls.length : 0;
		if (count > 1) return bad(`mask_url cannot be used when image_urls has more than 1 image (got ${count}).`, 'mask_url');
	}
	if (b.callback_url !== undefined) {
		if (typeof b.callback_url !== 'string') return bad('callback_url must be a URL.', 'callback_url');
		if (b.callback_url.length > MAX_CALLBACK) return bad(`callback_url must be at most ${MAX_CALLBACK} characters.`, 'callback_url');
		let url;
		try {
			url = new URL(b.callback_url);
		} catch {
			return bad('callback_url must be a valid URL.', 'callback_url');
		}
		if (url.protocol !== 'https:') return bad('callback_url must use HTTPS.', 'callback_url');
		if (isPrivateHost(url.hostname)) return bad('callback_url must not point to an internal or private address.', 'callback_url');
	}
	return undefined;
}

module.exports = {
	MODEL,
	SIZES,
	FAILURE_MESSAGES,
	envelope,
	statusEnvelope,
	failureMessage,
	validateCreate,
	isHttpUrl,
	isPrivateHost,
};
