// @ts-check
/**
 * A stand-in chat model for the AI Agent check: a real HTTP server on 127.0.0.1 that speaks
 * OpenAI's chat completions API (plain and streamed) and behaves like a model that uses a tool:
 * asked first, it calls the first tool it is offered, filling each argument the tool's schema
 * names (a model ID for "model", a drawing request for "prompt"); asked again with the tool's
 * answer, it replies with text that quotes that answer. It records what it was sent, so the test
 * can read the tool description the agent's model really saw.
 */
const http = require('node:http');

/**
 * @param {{ model: string, prompt: string }} choices what the stand-in model puts into the tool call
 */
async function startFakeOpenAi(choices) {
	/** @type {any[]} */
	const requests = [];
	const server = http.createServer((req, res) => {
		/** @type {Buffer[]} */
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			let body;
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
			} catch {
				body = {};
			}
			requests.push({ method: req.method, url: req.url, body });
			if (req.method !== 'POST' || !String(req.url).endsWith('/chat/completions')) {
				res.writeHead(404, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' } }));
				return;
			}
			const messages = Array.isArray(body.messages) ? body.messages : [];
			const toolAnswer = [...messages].reverse().find((m) => m.role === 'tool');
			const tool = Array.isArray(body.tools) ? body.tools[0]?.function : undefined;
			/** @type {any} */
			let message;
			if (toolAnswer || !tool) {
				message = { role: 'assistant', content: `Done. The tool answered: ${String(toolAnswer?.content ?? 'nothing').slice(0, 4000)}` };
			} else {
				/** @type {Record<string, string>} */
				const args = {};
				for (const key of Object.keys(tool.parameters?.properties ?? {})) {
					args[key] = /model/i.test(key) ? choices.model : /prompt/i.test(key) ? choices.prompt : 'auto';
				}
				message = {
					role: 'assistant',
					content: null,
					tool_calls: [{ id: 'call_evolink_1', type: 'function', function: { name: tool.name, arguments: JSON.stringify(args) } }],
				};
			}
			const finish = message.tool_calls ? 'tool_calls' : 'stop';
			const base = { id: `chatcmpl-${requests.length}`, created: Math.floor(Date.now() / 1000), model: body.model ?? 'stand-in' };
			if (body.stream) {
				res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
				const send = (/** @type {unknown} */ data) => res.write(`data: ${JSON.stringify(data)}\n\n`);
				const delta = message.tool_calls
					? { role: 'assistant', content: null, tool_calls: message.tool_calls.map((/** @type {any} */ c, /** @type {number} */ index) => ({ index, ...c })) }
					: { role: 'assistant', content: message.content };
				send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] });
				send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: finish }] });
				send({ ...base, object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 } });
				res.end('data: [DONE]\n\n');
				return;
			}
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					...base,
					object: 'chat.completion',
					choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
					usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
				}),
			);
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${address.port}/v1`,
		requests,
		close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
	};
}

module.exports = { startFakeOpenAi };
