/** A client mistake, with the HTTP status and error shape of DESIGN.md's decision contract. */
export interface ErrorIssue {
  path: string;
  message: string;
}

export type ClientErrorStatus = 400 | 404 | 409 | 413 | 422;

export class ClientError extends Error {
  constructor(
    readonly status: ClientErrorStatus,
    readonly code: string,
    message: string,
    readonly issues: ErrorIssue[] = [],
  ) {
    super(message);
    this.name = 'ClientError';
  }

  toBody() {
    return { error: { code: this.code, message: this.message, issues: this.issues } };
  }
}
