import { createOperation } from '../generation';

/** Submits one audio task per item and returns each task object at once. */
export const { description, execute } = createOperation('audio');
