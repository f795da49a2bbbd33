import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './errors';

const coded = (code: string, cause?: unknown) => Object.assign(new Error(code), { code, cause });

describe('a database that cannot be reached, told apart from a query it refused', () => {
  it('knows connection failures, shutdowns and a full server, also when wrapped', () => {
    for (const code of ['ECONNREFUSED', 'CONNECTION_CLOSED', 'CONNECT_TIMEOUT', '57P01', '57P03', '53300', '08006'])
      expect(isDatabaseUnavailable(coded(code)), code).toBe(true);
    expect(isDatabaseUnavailable(new Error('Failed query', { cause: coded('57P01') }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]))).toBe(true);
  });

  it('leaves query errors and everything else alone', () => {
    for (const code of ['23505', '22021', '42P01', 'P0001'])
      expect(isDatabaseUnavailable(coded(code)), code).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
