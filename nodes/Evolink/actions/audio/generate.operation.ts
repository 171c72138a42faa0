import { generateOperation } from '../generation';

/** Creates one audio task per item, waits for all of them with one scheduler, returns the files. */
export const { description, execute } = generateOperation('audio');
