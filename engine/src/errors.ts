/**
 * The errors the engine raises on purpose, each with a stable code from one catalogue. The
 * domain says what went wrong (a code, whose kind is fixed here); api/errors.ts alone turns
 * that into an HTTP status, and docs/errors.md and the OpenAPI document list the codes.
 */
import { type ZodError } from 'zod';

export const ERROR_KINDS = [
  'invalid',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'timeout',
  'too_large',
  'headers_too_large',
  'unprocessable',
  'rate_limited',
  'unavailable',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

interface CodeSpec {
  kind: ErrorKind;
  /** When a client sees this code. */
  meaning: string;
}

export const ERROR_CODES = {
  invalid_request: {
    kind: 'invalid',
    meaning: 'A field is missing, unknown or of the wrong type; `issues` names each one',
  },
  malformed_request: { kind: 'invalid', meaning: 'The body could not be read as JSON' },
  invalid_if_match: { kind: 'invalid', meaning: 'If-Match is not a draft revision number' },
  invalid_cursor: { kind: 'invalid', meaning: 'The cursor is not one this server returned' },
  unauthenticated: {
    kind: 'unauthenticated',
    meaning: 'No API key was sent (Authorization: Bearer <key>), or the key is unknown or revoked',
  },
  forbidden: { kind: 'forbidden', meaning: 'The API key lacks the scope this operation needs' },
  four_eyes: {
    kind: 'forbidden',
    meaning: 'Four-eyes: the key that last edited a draft cannot publish it; another key must',
  },
  route_not_found: { kind: 'not_found', meaning: 'No endpoint has this method and path' },
  policy_not_found: { kind: 'not_found', meaning: 'No policy has this id' },
  version_not_found: { kind: 'not_found', meaning: 'The policy has no version with this number' },
  decision_not_found: { kind: 'not_found', meaning: 'No logged decision has this id' },
  invoice_not_found: { kind: 'not_found', meaning: 'The ledger holds no invoice with this id' },
  run_not_found: { kind: 'not_found', meaning: 'No run has this id' },
  action_not_found: { kind: 'not_found', meaning: 'No action has this id' },
  webhook_not_found: { kind: 'not_found', meaning: 'No webhook has this id' },
  delivery_not_found: { kind: 'not_found', meaning: 'No outbox delivery has this id' },
  model_not_found: { kind: 'not_found', meaning: 'No model has this name' },
  key_not_found: { kind: 'not_found', meaning: 'No live API key has this id' },
  split_node_not_found: {
    kind: 'not_found',
    meaning: 'No published version of the policy has a split node with this id',
  },
  backtest_not_found: { kind: 'not_found', meaning: 'The policy has no backtest with this id' },
  model_version_not_found: { kind: 'not_found', meaning: 'The model has no version with this name' },
  policy_exists: { kind: 'conflict', meaning: 'A policy with this id already exists' },
  policy_published: {
    kind: 'conflict',
    meaning: 'The policy has published versions, which are kept: archive it instead of deleting it',
  },
  default_policy: {
    kind: 'conflict',
    meaning: 'The default policy cannot be archived or deleted: make another the default first',
  },
  revision_mismatch: {
    kind: 'conflict',
    meaning: 'The draft was saved by someone else since the revision in If-Match',
  },
  unchanged: { kind: 'conflict', meaning: 'The draft has the same content as the active version: nothing to publish' },
  version_immutable: { kind: 'conflict', meaning: 'Published versions cannot be changed' },
  no_default_policy: { kind: 'conflict', meaning: 'No policy was named and no default policy is set' },
  no_active_version: { kind: 'conflict', meaning: 'The policy has no published, active version yet' },
  idempotency_key_reused: { kind: 'conflict', meaning: 'The Idempotency-Key was used before with another body' },
  model_unusable: { kind: 'conflict', meaning: 'The model version cannot be loaded' },
  invoice_settled: { kind: 'conflict', meaning: 'The invoice was paid in full: there is nothing to collect' },
  no_collector_step: {
    kind: 'conflict',
    meaning: 'No answer can only be recorded when the latest decision is a call, task or escalation',
  },
  delivery_not_dead: { kind: 'conflict', meaning: 'Only a dead delivery can be replayed' },
  request_timeout: { kind: 'timeout', meaning: 'The request did not arrive in full in time' },
  request_too_large: { kind: 'too_large', meaning: 'The body is larger than the server accepts' },
  headers_too_large: { kind: 'headers_too_large', meaning: 'The URL and headers are larger than the server accepts' },
  batch_too_large: { kind: 'too_large', meaning: 'The batch holds more items than allowed' },
  unprocessable_request: {
    kind: 'unprocessable',
    meaning: 'Well-formed input that makes no sense, e.g. a due date before the issue date',
  },
  rate_limited: {
    kind: 'rate_limited',
    meaning: 'This API key made more requests this minute than allowed; retry after the seconds in Retry-After',
  },
  request_took_too_long: {
    kind: 'unavailable',
    meaning: 'The request took longer than the server allows; retry after the seconds in Retry-After',
  },
  database_unavailable: {
    kind: 'unavailable',
    meaning: 'The database cannot be reached right now; retry after the seconds in Retry-After',
  },
  no_exchange_rate: {
    kind: 'unprocessable',
    meaning: 'A report needs an exchange rate that is not set (PUT /v1/settings/fx-rates)',
  },
  draft_has_errors: { kind: 'unprocessable', meaning: 'The draft cannot be published while it has validation errors' },
  graph_has_errors: { kind: 'unprocessable', meaning: 'The graph cannot be simulated while it has validation errors' },
} as const satisfies Record<string, CodeSpec>;
export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorIssue {
  path: string;
  message: string;
}

/** The `{ code, message, issues }` of the error shape: what a client reads. */
export interface ErrorBody {
  /** A code of the catalogue, or `internal_error` for a failure on the server side (500). */
  code: ErrorCode | 'internal_error';
  message: string;
  issues: ErrorIssue[];
}

export class DomainError extends Error {
  readonly kind: ErrorKind;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: ErrorIssue[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
    this.kind = ERROR_CODES[code].kind;
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, issues: this.issues };
  }
}

/** zod's issues, each on the field it concerns (an unknown key is named, not its parent object). */
export function issuesOf(error: ZodError): ErrorIssue[] {
  return error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((key) => ({ path: [...i.path, key].join('.'), message: `Unrecognized key: "${key}"` }))
      : [{ path: i.path.join('.'), message: i.message }],
  );
}

/** Errors raised in more than one place, worded once. */
export const policyNotFound = (id: string) => new DomainError('policy_not_found', `Policy ${id} does not exist`);
export const versionNotFound = (policyId: string, version: number) =>
  new DomainError('version_not_found', `Policy ${policyId} has no version ${version}`);

/** A graph that cannot be published or simulated: each error diagnostic becomes an issue on its node or edge. */
export function graphHasErrors(
  code: 'draft_has_errors' | 'graph_has_errors',
  message: string,
  diagnostics: ReadonlyArray<{ code: string; severity: string; message: string; nodeId?: string; edgeId?: string }>,
): DomainError {
  const issues = diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({ path: d.nodeId ?? d.edgeId ?? '', message: `${d.code}: ${d.message}` }));
  return new DomainError(code, message, issues);
}
