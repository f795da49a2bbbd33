/**
 * Every endpoint under hostile requests over real HTTP (docs/security.md): never a 5xx, never a
 * dropped connection, every 4xx in the error shape. `pnpm fuzz` sends many more.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '@dunwell/engine/app';
import { requestOf, seedForFuzz, sendAll, summary } from '@dunwell/engine/test-support/fuzz';
import { describeEachServer } from './support';

const REQUESTS = 2000;

describeEachServer(
  'hostile requests to every endpoint',
  (server) => {
    it(`answers ${REQUESTS} generated requests without a 5xx or a dropped connection`, async () => {
      const known = await seedForFuzz(server.url, server.firstKey);
      const doc = await (await fetch(`${server.url}/openapi.json`)).json();
      const requests = fc.sample(requestOf(doc, known, MAX_BODY_BYTES, server.firstKey), {
        numRuns: REQUESTS,
        seed: 20261205,
      });
      const tally = await sendAll(server.url, requests, { concurrency: 8 });
      console.log(`fuzz (${server.target}): ${summary(tally)}`);
      expect(tally.sent).toBe(REQUESTS);
      expect(tally.serverErrors.slice(0, 5)).toEqual([]);
      expect(tally.dropped.slice(0, 5)).toEqual([]);
      expect(tally.badShapes.slice(0, 5)).toEqual([]);
      // Requests went deep: most were signed and got past authentication.
      expect(tally.byStatus.get(401) ?? 0).toBeLessThan(REQUESTS / 4);
    }, 600_000);
  },
  { auth: 'keys' },
);
