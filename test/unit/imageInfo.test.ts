import { extensionFor, readImageInfo } from '../../nodes/Evolink/rules/imageInfo';
import { gif, jpeg, png, webp } from '../fixtures/images';

describe('readImageInfo', () => {
	it('reads format and pixel size from the bytes', () => {
		expect(readImageInfo(png(40, 30))).toEqual({ format: 'png', mimeType: 'image/png', width: 40, height: 30 });
		expect(readImageInfo(jpeg(1024, 768))).toEqual({ format: 'jpeg', mimeType: 'image/jpeg', width: 1024, height: 768 });
		expect(readImageInfo(webp(300, 200))).toEqual({ format: 'webp', mimeType: 'image/webp', width: 300, height: 200 });
		expect(readImageInfo(gif(10, 5))).toEqual({ format: 'gif', mimeType: 'image/gif', width: 10, height: 5 });
	});

	it('does not trust names: text is no image', () => {
		expect(readImageInfo(Buffer.from('<html>not an image</html>'))).toBeUndefined();
		expect(readImageInfo(Buffer.alloc(0))).toBeUndefined();
	});

	it('gives file extensions for content types', () => {
		expect(extensionFor('image/png')).toBe('png');
		expect(extensionFor('image/jpeg; charset=binary')).toBe('jpg');
		expect(extensionFor('image/webp')).toBe('webp');
		// The trigger downloads videos and audio too.
		expect(extensionFor('video/mp4')).toBe('mp4');
		expect(extensionFor('audio/mpeg')).toBe('mp3');
		expect(extensionFor('audio/wav')).toBe('wav');
	});
});
