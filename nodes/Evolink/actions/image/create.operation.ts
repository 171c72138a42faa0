import { createOperation } from '../generation';

/** Submits one image task per item and returns each task object (id, status, estimate) at once. */
export const { description, execute } = createOperation('image');
