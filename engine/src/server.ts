/**
 * Opens the store, seeds it on first start, and serves the API; beside it, this process takes its
 * share of runs, delivers the outbox, and starts the daily run when it is due (docs/runs.md).
 */
import { type Server } from 'node:http';
import { serve } from '@hono/node-server';
import { type AddressInfo } from 'node:net';
import { createEngine } from './app';
import { answerClientError } from './api/errors';
import { ModelRegistry } from './models/registry';
import { type Config } from './config';
import { InProcessQueue, PgBossQueue, type RunQueue } from './runs/queue';
import { startScheduledRun } from './runs/schedule';
import { seedDemo } from './demo';
import { seedSamplePolicy } from './seed';
import { openDatabase, type Database } from './store';
import { log } from './log';

export interface RunningServer {
  url: string;
  database: Database;
  models?: ModelRegistry;
  /** The first admin key, made on the first start with keys on: shown once, here, and never again. */
  firstKey?: string;
  close(): Promise<void>;
}

const DISPATCH_EVERY_MS = 1000;
/** How long shutting down waits for requests in flight before it cuts their connections. */
const DRAIN_TIMEOUT_MS = 15_000;
const SCHEDULE_EVERY_MS = 30_000;

/** Calls `task` every `ms` milliseconds, never two at a time; returns how to stop and wait for it. */
function every(ms: number, task: () => Promise<unknown>, what: string) {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= task()
      .catch((err: unknown) => log.error({ err, task: what }, `${what} failed`))
      .finally(() => (running = undefined));
  }, ms);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** Loopback addresses: the only ones a server without keys may listen on. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export async function startServer(config: Config): Promise<RunningServer> {
  const auth = config.auth ?? 'keys';
  if (auth === 'off' && !isLoopback(config.host)) {
    throw new Error(
      `DUNWELL_AUTH=off serves without API keys, so it listens on loopback only (127.0.0.1 or ::1), not ${config.host}. ` +
        'Turn keys on (the default) to listen on other interfaces.',
    );
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const queue: RunQueue = config.databaseUrl
    ? new PgBossQueue(config.databaseUrl, config.runChunkTimeoutSeconds)
    : new InProcessQueue();
  try {
    await seedSamplePolicy(database.db);
    const models = config.modelsDir ? new ModelRegistry(config.modelsDir, database.db) : undefined;
    await models?.init();
    if (config.demoLedger) await seedDemo(database, { models });
    const engine = createEngine(database, {
      models,
      runQueue: queue,
      runChunkSize: config.runChunkSize,
      auth,
      limits: config.limits,
    });
    const firstKey = auth === 'keys' ? await engine.keys.bootstrap() : undefined;
    // pg-boss keeps its jobs; the embedded database's queue starts empty, so hand it what was left.
    if (queue instanceof InProcessQueue) await engine.runs.requeueUnfinished();
    const stopDispatching = every(DISPATCH_EVERY_MS, () => engine.dispatcher.dispatchDue(), 'delivering the outbox');
    const stopScheduling = every(
      SCHEDULE_EVERY_MS,
      () => startScheduledRun(database.db, engine.runs, new Date()),
      'starting the daily run',
    );
    const server = await new Promise<Server>((resolve, reject) => {
      // Without createServer options, @hono/node-server serves with node:http.
      const s = serve({ fetch: engine.app.fetch, hostname: config.host, port: config.port }, () =>
        resolve(s as Server),
      );
      s.once('error', reject);
      s.on('clientError', answerClientError);
      // A request's headers must arrive within 20 s and all of it within 60 s (a slow sender is a 408).
      (s as Server).headersTimeout = 20_000;
      (s as Server).requestTimeout = 60_000;
    });
    const { port } = server.address() as AddressInfo;
    return {
      models,
      firstKey,
      url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
      database,
      // Takes no new connection, answers what is in flight (each answer closing its connection), then
      // stops the background work, and closes the database once nothing can write to it.
      close: async () => {
        engine.lifecycle.draining = true;
        const cut = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
        await new Promise<void>((resolve) => server.close(() => resolve()));
        clearTimeout(cut);
        await Promise.all([stopDispatching(), stopScheduling()]);
        await queue.stop();
        await engine.close();
        await database.close();
      },
    };
  } catch (error) {
    await queue.stop();
    await database.close();
    throw error;
  }
}
