/**
 * What the transport throws: a plain description of one failed request (what was asked, what
 * came back, whether another try may help), never the request's headers, so the API key cannot
 * travel with an error. The engine turns it into n8n's error types.
 */

type FailureKind = 'http' | 'network' | 'invalid-response' | 'cancelled' | 'download' | 'upload';

export interface FailureDetails {
	kind: FailureKind;
	/** HTTP status, when Evolink answered. */
	status?: number;
	/** Evolink's own error code from the error envelope, or the network error's code. */
	code?: string;
	/** Evolink's own message, or a description of the network problem. */
	apiMessage?: string;
	/** The API parameter Evolink named, if any. */
	param?: string;
	retryAfterMs?: number;
	/** True when a create request may have been processed although no answer arrived. */
	taskMayExist?: boolean;
	/** Whether another try may succeed (a file transfer, or a read answered with something unreadable). */
	transient?: boolean;
	method: string;
	path: string;
}

export class EvolinkFailure extends Error {
	constructor(readonly details: FailureDetails) {
		super(details.apiMessage ?? `${details.kind} failure`);
		this.name = 'EvolinkFailure';
	}

	get retryable(): boolean {
		const { kind, status, transient } = this.details;
		return kind === 'network' || transient === true || status === 429 || (status !== undefined && status >= 500);
	}
}

