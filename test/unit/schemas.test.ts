import { taskSchema } from '../../nodes/Evolink/rules/answers';
import { isPrivateHost } from '../../nodes/Evolink/rules/hosts';
import { gpt4oImage } from '../../nodes/Evolink/rules/models/gpt-4o-image';
import { bodySchema, fieldLabels } from '../../nodes/Evolink/rules/models/schema';
import { characterCount, describeIssues, taskIdSchema } from '../../nodes/Evolink/rules/request';

const createTaskRequestSchema = bodySchema(gpt4oImage);

const base = { model: 'gpt-4o-image', prompt: 'A fox in the snow' };

function problems(body: Record<string, unknown>) {
	const parsed = createTaskRequestSchema.safeParse({ ...base, ...body });
	return parsed.success ? [] : describeIssues(parsed.error, fieldLabels(gpt4oImage));
}

describe('create request schema', () => {
	it('accepts a prompt alone and every documented field', () => {
		expect(problems({})).toEqual([]);
		expect(
			problems({
				size: '1536x1024',
				n: 4,
				image_urls: ['https://example.com/a.png', 'http://example.com/photo'],
				callback_url: 'https://hooks.example.com/evolink',
			}),
		).toEqual([]);
		expect(problems({ image_urls: ['https://example.com/a.png'], mask_url: 'https://example.com/m.png' })).toEqual([]);
	});

	it('requires a prompt and names the field', () => {
		expect(problems({ prompt: '' })).toEqual([{ field: 'Prompt', problem: expect.stringContaining('is required') }]);
		expect(problems({ prompt: '   ' })[0].field).toBe('Prompt');
		expect(problems({ prompt: undefined })[0]).toEqual({ field: 'Prompt', problem: 'is required' });
	});

	it('counts prompt length in characters, up to 1000', () => {
		expect(problems({ prompt: 'x'.repeat(1000) })).toEqual([]);
		expect(problems({ prompt: 'x'.repeat(1001) })).toEqual([
			{ field: 'Prompt', problem: 'must be at most 1000 characters long, got 1001' },
		]);
		// 1000 emoji are 2000 UTF-16 units but 1000 characters.
		expect(characterCount('🦊'.repeat(1000))).toBe(1000);
		expect(problems({ prompt: '🦊'.repeat(1000) })).toEqual([]);
	});

	it('rejects sizes outside the enum with the allowed list', () => {
		expect(problems({ size: '512x512' })).toEqual([
			{ field: 'Size', problem: 'must be one of 1:1, 2:3, 3:2, 1024x1024, 1024x1536, 1536x1024, got "512x512"' },
		]);
	});

	it('allows n of 1, 2 or 4 only, also from expression strings', () => {
		expect(problems({ n: '2' })).toEqual([]);
		expect(createTaskRequestSchema.parse({ ...base, n: '4' }).n).toBe(4);
		expect(problems({ n: 3 })).toEqual([{ field: 'Number of Images', problem: 'must be 1, 2 or 4, got 3' }]);
		expect(problems({ n: 'many' })[0].field).toBe('Number of Images');
	});

	it('limits reference images to 5 absolute http(s) URLs and points at the bad one', () => {
		const six = Array.from({ length: 6 }, (_, i) => `https://example.com/${i}.png`);
		expect(problems({ image_urls: six })).toEqual([
			{ field: 'Reference Image URLs', problem: 'must list at most 5 images' },
		]);
		expect(problems({ image_urls: ['https://example.com/a.png', 'ftp://example.com/b.png'] })).toEqual([
			{
				field: 'Reference Image URLs #2',
				problem: expect.stringContaining('must be an absolute http(s) URL'),
			},
		]);
		expect(problems({ image_urls: ['/relative/a.png'] })[0].field).toBe('Reference Image URLs #1');
	});

	it('allows a mask only with at most one reference image', () => {
		expect(
			problems({
				image_urls: ['https://example.com/a.png', 'https://example.com/b.png'],
				mask_url: 'https://example.com/m.png',
			}),
		).toEqual([
			{ field: 'Mask URL', problem: 'can only be used with at most one reference image, got 2 reference images' },
		]);
		expect(problems({ mask_url: 'not a url' })[0].field).toBe('Mask URL');
	});

	it('requires a public HTTPS callback of at most 2048 characters', () => {
		expect(problems({ callback_url: 'http://hooks.example.com/x' })).toEqual([
			{ field: 'Callback URL', problem: 'must use https (Evolink only calls back over HTTPS), got "http"' },
		]);
		for (const host of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.10', 'localhost', '[::1]', '169.254.1.1']) {
			expect(problems({ callback_url: `https://${host}/hook` })).toEqual([
				{ field: 'Callback URL', problem: expect.stringContaining('must be a public address') },
			]);
		}
		expect(problems({ callback_url: `https://example.com/${'a'.repeat(2040)}` })).toEqual([
			{ field: 'Callback URL', problem: 'must be at most 2048 characters long' },
		]);
		expect(problems({ callback_url: 'https://172.32.0.1/hook' })).toEqual([]);
	});

	it('knows private and public hosts apart', () => {
		expect(isPrivateHost('172.15.0.1')).toBe(false);
		expect(isPrivateHost('172.16.0.1')).toBe(true);
		expect(isPrivateHost('::ffff:10.0.0.1')).toBe(true);
		expect(isPrivateHost('fd00::1')).toBe(true);
		expect(isPrivateHost('api.example.com')).toBe(false);
	});
});

describe('task id schema', () => {
	it('accepts Evolink task ids and explains what is wrong otherwise', () => {
		expect(taskIdSchema.parse(' task-unified-1757156493-imcg5zqt ')).toBe('task-unified-1757156493-imcg5zqt');
		expect(taskIdSchema.safeParse('').success).toBe(false);
		const wrong = taskIdSchema.safeParse('1757156493');
		expect(wrong.success || wrong.error.issues[0].message).toBe('must be an Evolink task id starting with "task-unified-", e.g. task-unified-1757156493-imcg5zqt');
	});
});

describe('task response schema', () => {
	it('keeps unknown fields and accepts any error code', () => {
		const task = taskSchema.parse({
			id: 'task-unified-1-a',
			status: 'failed',
			error: { code: 1234, message: 'x', extra: true },
			brand_new_field: 1,
		});
		expect(task.error?.code).toBe('1234');
		expect(task).toHaveProperty('brand_new_field', 1);
	});

	it('rejects answers without id or status', () => {
		expect(taskSchema.safeParse({ status: 'pending' }).success).toBe(false);
		expect(taskSchema.safeParse({ id: 'task-unified-1-a' }).success).toBe(false);
		expect(taskSchema.safeParse('<html>').success).toBe(false);
	});
});

describe('isPrivateHost, on host names as the URL parser leaves them', () => {
	const hostOf = (url: string) => new URL(url).hostname;

	it.each([
		'https://[::ffff:127.0.0.1]/',
		'https://[::ffff:10.1.2.3]/',
		'https://[0:0:0:0:0:ffff:c0a8:0101]/',
		'https://[::127.0.0.1]/',
		'https://[::]/',
		'https://[::1]/',
		'https://[64:ff9b::10.0.0.1]/',
		'https://[64:ff9b:1::1]/',
		'https://[2002:c0a8:0101::1]/',
		'https://[2001:0:4136:e378::1]/',
		'https://[2001:db8::1]/',
		'https://[fe80::1]/',
		'https://[fd12:3456::1]/',
		'https://[ff02::1]/',
		'https://127.1/',
		'https://0x7f.0.0.1/',
		'https://2130706433/',
		'https://0177.0.0.1/',
		'https://192.168.1.10/',
		'https://100.64.0.1/',
		'https://198.18.0.1/',
		'https://localhost./',
		'https://LOCALHOST/',
		'https://api.localhost./',
		'https://printer.local/',
		'https://nas.home.arpa/',
		'https://intranet/',
	])('%s is not public', (url) => {
		expect(isPrivateHost(hostOf(url))).toBe(true);
	});

	it.each([
		'https://hooks.example.com/',
		'https://hooks.example.com./',
		'https://8.8.8.8/',
		'https://[2606:4700::1111]/',
		'https://[::ffff:8.8.8.8]/',
		'https://[64:ff9b::8.8.8.8]/',
		'https://172.15.0.1/',
		'https://172.32.0.1/',
	])('%s is public', (url) => {
		expect(isPrivateHost(hostOf(url))).toBe(false);
	});
});
