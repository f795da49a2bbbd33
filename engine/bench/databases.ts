/**
 * The benches that measure both stores run through this: first on the embedded database (in
 * memory), then, when TEST_DATABASE_URL or DATABASE_URL names a server, on a temporary PostgreSQL
 * database dropped afterwards; without a server it says what was skipped and how to run it.
 */
import { MEMORY_DATA_DIR, openDatabase, type Database } from '../src/store';
import { createTempPostgresDatabase } from '../src/store/testing';

export async function onEachDatabase(
  what: string,
  bench: (name: 'PGlite (embedded)' | 'PostgreSQL', database: Database) => Promise<void>,
): Promise<void> {
  const embedded = await openDatabase({ dataDir: MEMORY_DATA_DIR });
  try {
    await bench('PGlite (embedded)', embedded);
  } finally {
    await embedded.close();
  }
  const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!serverUrl) {
    console.log(
      `${what} on PostgreSQL: skipped (set TEST_DATABASE_URL to a server, e.g. postgres://postgres@127.0.0.1:5432/test)`,
    );
    return;
  }
  const temp = await createTempPostgresDatabase(serverUrl);
  const server = await openDatabase({ databaseUrl: temp.url });
  try {
    await bench('PostgreSQL', server);
  } finally {
    await server.close();
    await temp.drop();
  }
}
