/**
 * `pnpm fuzz [count] [--seed n]`: hostile requests to every endpoint of a fresh engine served on a
 * real port (embedded database in a temporary folder, or a new database on the server of
 * TEST_DATABASE_URL), with counts at the end. Exits 1 on any 5xx, dropped connection or error
 * outside the error shape.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { MAX_BODY_BYTES } from '../src/app';
import { progress } from '../src/progress';
import { startServer, type RunningServer } from '../src/server';
import { createTempPostgresDatabase } from '../src/store/testing';
import { requestOf, seedForFuzz, sendAll, summary, type Finding } from '../test-support/fuzz';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { seed: { type: 'string', default: String(Date.now() % 1_000_000) } },
});
const count = Number(positionals[0] ?? 100_000);
const seed = Number(values.seed);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  console.error('usage: pnpm fuzz [count] [--seed n]');
  process.exit(2);
}

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dunwell-fuzz-'));
const serverUrl = process.env['TEST_DATABASE_URL'];
const temp = serverUrl ? await createTempPostgresDatabase(serverUrl) : undefined;
let server: RunningServer | undefined;
try {
  // Keys on; no rate limit, so that the generated requests reach the routes rather than a 429.
  server = await startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    databaseUrl: temp?.url,
    auth: 'keys',
    limits: { ratePerMinute: 0 },
  });
  console.log(`fuzzing ${server.url} on ${temp ? 'PostgreSQL' : 'PGlite'} with ${count} requests (seed ${seed})`);
  const known = await seedForFuzz(server.url, server.firstKey);
  const doc = await (await fetch(`${server.url}/openapi.json`)).json();
  const arbitrary = requestOf(doc, known, MAX_BODY_BYTES, server.firstKey);
  // Drawn a thousand at a time as they are sent: holding 100,000 requests at once takes gigabytes.
  function* requests() {
    for (let drawn = 0; drawn < count; drawn += 1000)
      yield* fc.sample(arbitrary, { numRuns: Math.min(1000, count - drawn), seed: seed + drawn });
  }
  const bar = progress('fuzz', count);
  const tally = await sendAll(server.url, requests(), { progress: (t) => bar.update(t.sent) });
  bar.finish(summary(tally));
  const show = (what: string, findings: Finding[]) => {
    for (const f of findings.slice(0, 10)) console.log(`${what} ${f.status ?? ''} ${f.request}\n  ${f.detail}`);
  };
  show('5xx', tally.serverErrors);
  show('dropped', tally.dropped);
  show('shape', tally.badShapes);
  process.exitCode = tally.serverErrors.length + tally.dropped.length + tally.badShapes.length > 0 ? 1 : 0;
} finally {
  await server?.close();
  await temp?.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
}
