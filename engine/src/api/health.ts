/**
 * /healthz: the process is alive (no database asked, so a stopped database does not get a healthy
 * process restarted). /readyz: it can serve: the database answers, every served model is loaded,
 * and it is not shutting down; a 503 otherwise, so a load balancer sends its traffic elsewhere.
 */
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { type ModelRegistry } from '../models/registry';
import { type Database } from '../store';
import { RETRY_AFTER_SECONDS } from './errors';

/** What the server tells the routes about its own life. */
export interface Lifecycle {
  /** Set once the server has begun to shut down: it finishes what it has and takes nothing new. */
  draining: boolean;
}

const DATABASE_CHECK_MS = 2000;

async function databaseAnswers(database: Database): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), DATABASE_CHECK_MS)));
  try {
    return await Promise.race([database.db.execute(sql`select 1`).then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export function healthRouter(database: Database, models: ModelRegistry | undefined, lifecycle: Lifecycle) {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok', database: database.kind }));
  app.get('/readyz', async (c) => {
    const unloaded = (models?.list() ?? []).filter((m) => m.loadError !== null).map((m) => m.name);
    const checks = {
      database: (await databaseAnswers(database)) ? 'ok' : 'unreachable',
      models: unloaded.length === 0 ? 'ok' : `not loaded: ${unloaded.join(', ')}`,
      accepting: lifecycle.draining ? 'no: shutting down' : 'ok',
    };
    const ready = Object.values(checks).every((v) => v === 'ok');
    if (!ready) c.header('Retry-After', String(RETRY_AFTER_SECONDS));
    return c.json({ status: ready ? 'ready' : 'not_ready', checks }, ready ? 200 : 503);
  });
  return app;
}
