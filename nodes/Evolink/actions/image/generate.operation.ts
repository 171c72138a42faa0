import { generateOperation } from '../generation';

/** Creates one image task per item, waits for all of them with one scheduler, returns the images. */
export const { description, execute } = generateOperation('image');
