import { createOperation } from '../generation';

/** Submits one video task per item and returns each task object at once. */
export const { description, execute } = createOperation('video');
