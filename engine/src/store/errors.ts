/** What the store knows of its own failures: a data folder held by another process, and SQLSTATEs it raises on purpose. */
export class DataDirLockedError extends Error {
  readonly code = 'data_dir_locked';

  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Data directory ${dataDir} is already in use by process ${pid}. ` +
        'Stop that process or set DUNWELL_DATA_DIR to another directory.',
    );
    this.name = 'DataDirLockedError';
  }
}

/** SQLSTATE of a driver error; drizzle wraps driver errors, so the code may sit on a `cause`. */
export function sqlState(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Object && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export const UNIQUE_VIOLATION = '23505';

/** True for the error raised by the trigger guarding policy_versions. */
export function isImmutableVersionError(error: unknown): boolean {
  if (sqlState(error) !== 'P0001') return false;
  for (let e = error, depth = 0; e instanceof Object && depth < 5; depth++) {
    if (String((e as { message?: unknown }).message).includes('published policy versions are immutable')) {
      return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Connection failures of the driver and the socket below it (postgres.js codes, Node's errno codes). */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);
/** SQLSTATEs of a server that is shutting down, starting, or full. */
const SERVER_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * True when `error` says the database cannot be reached right now (down, restarting, out of
 * connections, a connection cut), as opposed to a query it refused: worth retrying later.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const pending: unknown[] = [error];
  for (let seen = 0; pending.length > 0 && seen < 20; seen++) {
    const e = pending.pop();
    if (!(e instanceof Object)) continue;
    const code = (e as { code?: unknown }).code;
    if (
      typeof code === 'string' &&
      (UNREACHABLE.has(code) || SERVER_UNAVAILABLE.has(code) || /^08[0-9A-Z]{3}$/.test(code))
    )
      return true;
    pending.push((e as { cause?: unknown }).cause);
    // A connection attempt to several addresses fails with all of them.
    if (e instanceof AggregateError) pending.push(...e.errors);
  }
  return false;
}
