/**
 * Images as files, in n8n's in-memory ("default") binary mode: results downloaded into binary
 * data, and reference images and masks taken from binary data and uploaded.
 */
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import { binaryEntry, gif, jpeg, png, webp } from '../fixtures/images';
import { expectUndeclaredOversizeStopped, jsonOf, runNode, useSimulator } from './setup';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS tooling (harness, simulator, PNG maker) without typings
const { readBinary } = require('../harness');

const ctx = useSimulator();
const fastPolling = { minPollInterval: 0.5, pollInterval: 1 };

async function served(url: string): Promise<Buffer> {
	return Buffer.from(await (await fetch(url)).arrayBuffer());
}

describe('results as binary data', () => {
	it('one item per task: data, data_1 with the bytes Evolink served, named by task and index', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, { resource: 'image', operation: 'generate', prompt: 'two foxes', n: 2, options: fastPolling });
		const [item] = result.itemsOf('Evolink') as INodeExecutionData[];
		const taskId = item.json.id as string;
		const urls = item.json.imageUrls as string[];
		expect(Object.keys(item.binary ?? {})).toEqual(['data', 'data_1']);
		for (const [index, key] of ['data', 'data_1'].entries()) {
			const binary = item.binary![key] as IBinaryData;
			expect(binary).toMatchObject({ mimeType: 'image/png', fileExtension: 'png', fileName: `${taskId}-${index + 1}.png` });
			expect(await readBinary(binary)).toEqual(await served(urls[index]));
		}
	});

	it('one item per image: each item carries its own file under the chosen field name', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, {
			resource: 'image',
			operation: 'generate',
			prompt: 'two owls',
			n: 2,
			options: { ...fastPolling, outputMode: 'perImage', binaryPropertyName: 'image' },
		});
		const out = result.itemsOf('Evolink') as INodeExecutionData[];
		expect(out).toHaveLength(2);
		for (const item of out) {
			expect(Object.keys(item.binary ?? {})).toEqual(['image']);
			expect(await readBinary(item.binary!.image)).toEqual(await served(item.json.imageUrl as string));
		}
		expect(out[0].binary!.image.fileName).not.toBe(out[1].binary!.image.fileName);
	});

	it('Get Status downloads on request; off, nothing is fetched', async () => {
		const { sim } = ctx;
		const [done] = jsonOf(
			await runNode(sim, { resource: 'image', operation: 'generate', prompt: 'a boat', downloadImages: false, options: fastPolling }),
		);
		expect(sim.count('GET', '/files/')).toBe(0);
		const result = await runNode(sim, { resource: 'task', operation: 'getStatus', taskId: done.id, downloadImages: true });
		const [item] = result.itemsOf('Evolink') as INodeExecutionData[];
		expect(await readBinary(item.binary!.data)).toEqual(await served((done.imageUrls as string[])[0]));
		const plain = await runNode(sim, { resource: 'task', operation: 'getStatus', taskId: done.id });
		expect((plain.itemsOf('Evolink') as INodeExecutionData[])[0].binary).toBeUndefined();
	});

	it('downloads a task\'s images as soon as it completes, while slower tasks are still running', async () => {
		const { sim } = ctx;
		const result = await runNode(
			sim,
			{ resource: 'image', operation: 'generate', prompt: '={{ $json.p }}', options: fastPolling },
			{ input: [{ json: { p: '[duration:200] quick' } }, { json: { p: '[duration:3000] slow' } }] },
		);
		expect(result.status).toBe('success');
		const [quick, slow] = jsonOf(result).map((t) => sim.tasks.get(t.id));
		const quickDownload = sim.requests.find((r: { path: string }) => r.path.startsWith(`/files/${quick.id}/`));
		expect(quickDownload.startedAt).toBeLessThan(slow.completesAt);
	});

	it('never sends the API key to the file host', async () => {
		const { sim } = ctx;
		await runNode(sim, { resource: 'image', operation: 'generate', prompt: 'a key', options: fastPolling });
		const downloads = sim.requests.filter((r: { path: string }) => r.path.startsWith('/files/'));
		expect(downloads).toHaveLength(1);
		expect(downloads[0].authorized).toBe(false);
	});

	it('retries a transient download failure', async () => {
		const { sim } = ctx;
		sim.inject({ method: 'GET', path: '/files/', status: 503 });
		const result = await runNode(sim, { resource: 'image', operation: 'generate', prompt: 'retry', options: fastPolling });
		expect(result.status).toBe('success');
		expect(sim.count('GET', '/files/')).toBe(2);
	});

	it('refuses a file over the size cap, naming task and image, and keeps the URLs', async () => {
		const { sim } = ctx;
		sim.configure({ resultMode: 'oversized', oversizedBytes: 3 * 2 ** 20 });
		try {
			const result = await runNode(
				sim,
				{ resource: 'image', operation: 'generate', prompt: 'huge', options: { ...fastPolling, maxImageSize: 1 } },
				{ continueOnFail: true },
			);
			const [json] = jsonOf(result);
			const [taskId] = [...sim.tasks.keys()];
			expect(json.error).toBe(
				`Could not download image 1 of task ${taskId}: the file is larger than the 1 MB limit set in the node's options (3.0 MB)`,
			);
			expect(json.taskId).toBe(taskId);
			expect((json.imageUrls as string[])[0]).toContain(`/files/${taskId}/0.png`);
			expect(sim.count('GET', '/files/')).toBe(1);
		} finally {
			sim.configure({ resultMode: 'png' });
		}
	});

	it('stops a download that grows past the cap without declaring its size', () => expectUndeclaredOversizeStopped(ctx.sim));

	it('refuses a result that is not an image', async () => {
		const { sim } = ctx;
		sim.configure({ resultMode: 'not-image' });
		try {
			const result = await runNode(sim, { resource: 'image', operation: 'generate', prompt: 'html', options: fastPolling });
			expect(result.error.message).toMatch(/^Could not download image 1 of task task-unified-\S+: the file is not an image \(content type "text\/html"\)$/);
			expect(result.error.description).toContain('/files/');
		} finally {
			sim.configure({ resultMode: 'png' });
		}
	});
});

describe('reference images and masks from binary data', () => {
	const photo = png(48, 32);
	const mask = png(48, 32);

	it('uploads the item\'s files and passes the returned URLs into the create request', async () => {
		const { sim } = ctx;
		const input = [
			{
				json: {},
				binary: {
					data: binaryEntry(photo, 'image/png', 'photo.png'),
					extra: binaryEntry(jpeg(640, 480), 'image/jpeg', 'extra.jpg'),
				},
			},
		];
		const result = await runNode(
			sim,
			{
				resource: 'image',
				operation: 'create',
				prompt: 'Put both in one scene',
				referenceImages: 'binary',
				imageBinaryFields: 'data, extra',
			},
			{ input },
		);
		expect(result.status).toBe('success');
		const uploads = [...sim.uploads.values()];
		expect(uploads.map((u: { bytes: Buffer }) => u.bytes)).toEqual([photo, jpeg(640, 480)]);
		const create = sim.requests.find((r: { method: string; path: string }) => r.path === '/v1/images/generations');
		const uploadUrls = sim.requests
			.filter((r: { path: string }) => r.path === '/api/v1/files/upload/stream')
			.map((r: { fileName?: string; body: { fileName: string } }) => r.body.fileName);
		expect(uploadUrls).toEqual(['photo.png', 'extra.jpg']);
		expect(create.body.image_urls).toEqual(
			[...sim.uploads.entries()].map(([id, u]: [string, { fileName: string }]) => `${sim.filesBaseUrl}/uploads/${id}/${u.fileName}`),
		);
	});

	it('uploads a mask of the same size and sends it as mask_url', async () => {
		const { sim } = ctx;
		const input = [{ json: {}, binary: { data: binaryEntry(photo, 'image/png', 'photo.png'), mask: binaryEntry(mask, 'image/png', 'mask.png') } }];
		const result = await runNode(
			sim,
			{
				resource: 'image',
				operation: 'generate',
				prompt: 'Replace the sky',
				referenceImages: 'binary',
				imageBinaryFields: 'data',
				maskBinaryField: 'mask',
				options: fastPolling,
			},
			{ input },
		);
		expect(result.status).toBe('success');
		const create = sim.requests.find((r: { path: string }) => r.path === '/v1/images/generations');
		const [photoId, maskId] = [...sim.uploads.keys()];
		expect(create.body.image_urls).toEqual([`${sim.filesBaseUrl}/uploads/${photoId}/photo.png`]);
		expect(create.body.mask_url).toBe(`${sim.filesBaseUrl}/uploads/${maskId}/mask.png`);
		expect(sim.uploads.get(maskId).bytes).toEqual(mask);
	});

	const big = png(1900, 1900, true); // about 10.3 MiB of pixels that do not compress

	it.each([
		['six references', { fields: 'a,b,c,d,e,f' }, 'Invalid "Reference Image Fields" in item 0: must name at most 5 images, got 6'],
		['a missing field', { fields: 'photo' }, 'Invalid "Reference Image Fields" in item 0: names the binary field "photo", which item 0 does not have (it has: a, b, c, d, e, f, gif, big, jpegMask, bigMask, smallMask, text)'],
		['a GIF reference', { fields: 'gif' }, 'Invalid "Reference Image Fields" in item 0: "gif" is GIF; gpt-4o-image takes JPEG, PNG or WebP'],
		['a reference over 10 MB', { fields: 'big' }, 'Invalid "Reference Image Fields" in item 0: "big" is 10.8 MB; each reference may be at most 10 MB'],
		['a file that is no image', { fields: 'text' }, 'Invalid "Reference Image Fields" in item 0: "text" is not an image Evolink can read (image/png)'],
		['a JPEG mask', { fields: 'a', mask: 'jpegMask' }, 'Invalid "Mask Field" in item 0: "jpegMask" must be a PNG, got JPEG'],
		['a mask over 4 MB', { fields: 'big', mask: 'bigMask' }, 'Invalid "Reference Image Fields" in item 0: "big" is 10.8 MB; each reference may be at most 10 MB'],
		['a mask with two references', { fields: 'a,b', mask: 'smallMask' }, 'Invalid "Mask Field" in item 0: can only be used with exactly one reference image, got 2'],
		['a mask of another size', { fields: 'a', mask: 'smallMask' }, 'Invalid "Mask Field" in item 0: "smallMask" is 10×10 pixels but the reference "a" is 48×32; they must match'],
	])('%s is refused before anything is uploaded or created', async (_label, refs: { fields: string; mask?: string }, message) => {
		const { fields, mask: maskField } = refs;
		const { sim } = ctx;
		const entry = (bytes: Buffer, type: string, name: string) => binaryEntry(bytes, type, name);
		const input = [
			{
				json: {},
				binary: {
					...Object.fromEntries('abcdef'.split('').map((k) => [k, entry(photo, 'image/png', `${k}.png`)])),
					gif: entry(gif(48, 32), 'image/gif', 'anim.gif'),
					big: entry(big, 'image/png', 'big.png'),
					jpegMask: entry(jpeg(48, 32), 'image/jpeg', 'mask.jpg'),
					bigMask: entry(big, 'image/png', 'bigmask.png'),
					smallMask: entry(png(10, 10), 'image/png', 'small.png'),
					text: entry(Buffer.from('not an image at all'), 'image/png', 'fake.png'),
				},
			},
		];
		const result = await runNode(
			sim,
			{
				resource: 'image',
				operation: 'generate',
				prompt: 'edit',
				referenceImages: 'binary',
				imageBinaryFields: fields,
				maskBinaryField: maskField ?? '',
				options: fastPolling,
			},
			{ input },
		);
		expect(result.status).toBe('error');
		expect(result.error.message).toBe(message);
		expect(result.error.description).toContain('no credits were spent');
		expect(sim.requests).toHaveLength(0);
		expect(sim.uploads.size).toBe(0);
	});

	it('names every problem of an item at once (here: the big mask too)', async () => {
		const { sim } = ctx;
		const input = [{ json: {}, binary: { a: binaryEntry(photo, 'image/png', 'a.png'), m: binaryEntry(big, 'image/png', 'm.png') } }];
		const result = await runNode(
			sim,
			{ resource: 'image', operation: 'create', prompt: 'x', referenceImages: 'binary', imageBinaryFields: 'a', maskBinaryField: 'm' },
			{ input },
		);
		expect(result.error.message).toBe('Invalid "Mask Field" in item 0: "m" is 10.8 MB; a mask may be at most 4 MB');
		expect(result.error.description).toContain('"Mask Field" "m" is 1900×1900 pixels but the reference "a" is 48×32');
		expect(sim.requests).toHaveLength(0);
	});

	it('accepts WebP references', async () => {
		const { sim } = ctx;
		const input = [{ json: {}, binary: { data: binaryEntry(webp(300, 200), 'image/webp', 'p.webp') } }];
		const result = await runNode(
			sim,
			{ resource: 'image', operation: 'create', prompt: 'x', referenceImages: 'binary', imageBinaryFields: 'data' },
			{ input },
		);
		expect(result.status).toBe('success');
		expect([...sim.uploads.values()][0].mimeType).toBe('image/webp');
	});

	it('reports an upload that Evolink refuses with success:false and creates nothing', async () => {
		const { sim } = ctx;
		sim.inject({ method: 'POST', path: '/api/v1/files/upload/stream', status: 200, body: { success: false, code: 413, msg: 'Upload quota exceeded', data: null } });
		const input = [{ json: {}, binary: { data: binaryEntry(photo, 'image/png', 'photo.png') } }];
		const result = await runNode(
			sim,
			{ resource: 'image', operation: 'create', prompt: 'x', referenceImages: 'binary', imageBinaryFields: 'data' },
			{ input },
		);
		expect(result.error.message).toBe('Could not upload the reference image from field "data": Upload quota exceeded');
		expect(sim.count('POST', '/v1/images/generations')).toBe(0);
	});
});
