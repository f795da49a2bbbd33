/**
 * `pnpm bench`, the decision log: decisions logged 64 at a time in flight through the group-commit
 * log, against the same number logged one transaction each, side by side, on the embedded database
 * and, when TEST_DATABASE_URL or DATABASE_URL names a server, on PostgreSQL.
 */
import { performance } from 'node:perf_hooks';
import { day, decision } from '../test-support/decisions';
import { DecisionLog, insertDecisions, type Database } from '../src/store';
import { onEachDatabase } from './databases';

const DECISIONS = 10_000;
const IN_FLIGHT = 64;

const rowsFor = (label: string) =>
  Array.from({ length: DECISIONS }, (_, i) =>
    decision({
      asOf: day(i % 60),
      invoiceId: `${label}-${i}`,
      accountId: `ACC-${i % 900}`,
      facts: { daysPastDue: i % 90, amount: 1000 + i, lateProbability: 0.2, segment: 'mid_market' },
    }),
  );

/** Runs `write` over the rows with `inFlight` at a time; writes per second. */
async function writesPerSecond(
  rows: ReturnType<typeof rowsFor>,
  inFlight: number,
  write: (row: (typeof rows)[number]) => Promise<unknown>,
) {
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < rows.length) await write(rows[next++]!);
    }),
  );
  return rows.length / ((performance.now() - start) / 1000);
}

async function measure(name: string, database: Database) {
  const log = new DecisionLog(database.db);
  const grouped = await writesPerSecond(rowsFor(`${name}-G`), IN_FLIGHT, (row) => log.append(row));
  const perCommit = log.counts.decisions / log.counts.commits;
  const single = await writesPerSecond(rowsFor(`${name}-S`), IN_FLIGHT, (row) => insertDecisions(database.db, [row]));
  console.log(
    `log on ${name.padEnd(10)} ${Math.round(grouped).toLocaleString('en-US')} writes/s in groups ` +
      `(${perCommit.toFixed(1)} decisions per commit), ${Math.round(single).toLocaleString('en-US')} writes/s ` +
      `one transaction each: ${(grouped / single).toFixed(1)}× (${DECISIONS.toLocaleString('en-US')} decisions, ${IN_FLIGHT} in flight)`,
  );
}

await onEachDatabase('log', measure);
