/** The HTTP application: one router per resource, one error mapper, one OpenAPI document. */
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { decideRouter } from './api/decide';
import { decisionsRouter } from './api/decisions';
import { docsRouter } from './api/docs';
import { editorRouter } from './api/editor-static';
import { healthRouter, type Lifecycle } from './api/health';
import { authenticate, requireScope, SECURITY_SCHEME, type AuthMode } from './api/auth';
import { metricsHandler, observeRequests } from './api/observe';
import { requestId } from 'hono/request-id';
import { log, type Logger } from './log';
import { Metrics } from './metrics';
import { auditRouter, auditWrites } from './api/audit';
import { keysRouter } from './api/keys';
import { reportsRouter } from './api/reports';
import { worklistRouter } from './api/worklist';
import { experimentsRouter } from './api/experiments';
import { corsFor, DEFAULT_LIMITS, ratePerKey, requestTimeout, securityHeaders, type Limits } from './api/limits';
import { ApiKeys } from './auth/keys';
import { onError, onNotFound } from './api/errors';
import { closeIfBodyUnread } from './api/unread-body';
import { policiesRouter } from './api/policies';
import { settingsRouter } from './api/settings';
import { simulateRouter } from './api/simulate';
import { backtestsRouter } from './api/backtests';
import { Backtests } from './measures/backtest';
import { DomainError } from './errors';
import { DecisionService } from './decide/pipeline';
import { PolicyRuntime } from './decide/policy-runtime';
import { Simulator } from './decide/simulate';
import { PolicyVersions } from './versions/service';
import { ConfigCache, openDatabase, type Database } from './store';
import { ledgerRouter } from './api/ledger';
import { modelsRouter } from './api/models';
import { ModelScorer } from './models/scorer';
import { ModelRegistry } from './models/registry';
import { actionsRouter } from './api/actions';
import { invoicesRouter } from './api/invoices';
import { outboxRouter } from './api/outbox';
import { runsRouter } from './api/runs';
import { webhooksRouter } from './api/webhooks';
import { Dispatcher } from './outbox/dispatcher';
import { InProcessQueue, type RunQueue } from './runs/queue';
import { RunService } from './runs/service';

/** 10,000 batch items of a few hundred bytes each fit well within this. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface AppOptions {
  /** The editor's build to serve at `/` (default: editor/dist of this repository). */
  editorDir?: string;
  /** The served models; without it decisions carry no scores. */
  models?: ModelRegistry;
  /** Where runs' chunks go (default: processed in this process, in order). */
  runQueue?: RunQueue;
  /** Chunk size of runs (default 500 invoices). */
  runChunkSize?: number;
  /**
   * `keys`: every /v1 request needs an API key with the operation's scope (docs/security.md).
   * `off`: everyone may do everything; only for a server bound to loopback, which startServer
   * enforces. In process, without a server, the default is `off`.
   */
  auth?: AuthMode;
  /** Rate per key, time per request, CORS origins (default DEFAULT_LIMITS). */
  limits?: Partial<Limits>;
  /** Where request lines go (default: the engine's log, log.ts). */
  log?: Logger;
}

/** The engine: its HTTP app, and the services a server runs beside it (runs, the outbox). */
export interface Engine {
  app: ReturnType<typeof createHttpApp>;
  /** Set `draining` when shutting down: readiness fails and every answer closes its connection. */
  lifecycle: Lifecycle;
  decisions: DecisionService;
  runs: RunService;
  /** Backtests run in the process that was asked; `idle()` waits for them. */
  backtests: Backtests;
  dispatcher: Dispatcher;
  keys: ApiKeys;
  metrics: Metrics;
  /** Stops following changes; the database stays open. */
  close(): Promise<void>;
}

export function createEngine(database: Database, options: AppOptions = {}): Engine {
  const { db } = database;
  const cache = new ConfigCache();
  cache
    .follow(database)
    .catch((err: unknown) => log.error({ err }, 'not following changes: settings are read on every decision'));
  const policies = new PolicyRuntime(db, cache);
  const metrics = new Metrics(db, options.models);
  const decisions = new DecisionService(db, policies, options.models && new ModelScorer(options.models), {
    onDecided: (decision) => metrics.decisions.inc({ outcome: decision.outcome }),
  });
  const queue = options.runQueue ?? new InProcessQueue();
  const runs = new RunService(db, decisions, policies, queue, { chunkSize: options.runChunkSize });
  const backtests = new Backtests(db, policies);
  // Chunks handed to this process are processed from now on; a server may also pick up unfinished ones.
  runs.resume().catch((err: unknown) => log.error({ err }, 'runs could not start'));
  const lifecycle: Lifecycle = { draining: false };
  const keys = new ApiKeys(db, cache);
  return {
    app: createHttpApp(database, options, { decisions, runs, backtests, keys, lifecycle, metrics }),
    lifecycle,
    metrics,
    keys,
    decisions,
    runs,
    backtests,
    dispatcher: new Dispatcher(db),
    close: () => cache.stop(),
  };
}

export function createApp(database: Database, options: AppOptions = {}) {
  return createEngine(database, options).app;
}

interface Services {
  decisions: DecisionService;
  runs: RunService;
  backtests: Backtests;
  keys: ApiKeys;
  lifecycle: Lifecycle;
  metrics: Metrics;
}

function createHttpApp(
  database: Database,
  options: AppOptions,
  { decisions, runs, backtests, keys, lifecycle, metrics }: Services,
) {
  const { db } = database;
  const versions = new PolicyVersions(db);

  const app = new OpenAPIHono();
  app.onError(onError);
  app.notFound(onNotFound);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const auth = options.auth ?? 'off';
  app.use(requestId());
  app.use(observeRequests(metrics, options.log ?? log));
  app.use(securityHeaders());
  app.use(closeIfBodyUnread);
  // While shutting down, every answer closes its connection: clients move to another process.
  app.use(async (c, next) => {
    await next();
    if (lifecycle.draining) c.res.headers.set('Connection', 'close');
  });
  // A browser's preflight carries no key: it is answered first, for the listed origins only.
  if (limits.corsOrigins.length > 0) app.use('/v1/*', corsFor(limits.corsOrigins));
  // Who is calling comes next: without a valid key, nothing else of the request is read.
  app.use('/v1/*', authenticate(auth, keys));
  if (auth === 'keys' && limits.ratePerMinute > 0) app.use('/v1/*', ratePerKey(limits.ratePerMinute));
  app.use('/v1/*', auditWrites(db));
  app.use('/v1/*', requestTimeout(limits.requestTimeoutMs));
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new DomainError('request_too_large', `Request bodies are limited to ${MAX_BODY_BYTES / 1024 / 1024} MiB`);
      },
    }),
  );

  app.route('/', healthRouter(database, options.models, lifecycle));
  app.get('/metrics', authenticate(auth, keys), requireScope(['reports:read']), metricsHandler(metrics));
  app.route('/v1/policies', policiesRouter(versions));
  app.route('/v1/policies', simulateRouter(new Simulator(db, decisions)));
  app.route('/v1/policies', backtestsRouter(backtests));
  app.route('/v1/decide', decideRouter(decisions));
  app.route('/v1/decisions', decisionsRouter(db));
  app.route('/v1/settings', settingsRouter(versions, db));
  app.route('/v1/ledger', ledgerRouter(db));
  app.route('/v1/runs', runsRouter(db, runs));
  app.route('/v1/invoices', invoicesRouter(db));
  app.route('/v1/actions', actionsRouter(db));
  app.route('/v1/webhooks', webhooksRouter(db));
  app.route('/v1/outbox', outboxRouter(db));
  if (options.models) app.route('/v1/models', modelsRouter(options.models));
  app.route('/v1/keys', keysRouter(keys));
  app.route('/v1/reports', reportsRouter(db));
  app.route('/v1/worklist', worklistRouter(db, decisions));
  app.route('/v1/experiments', experimentsRouter(db, versions));
  app.route('/v1/audit', auditRouter(db));
  app.openAPIRegistry.registerComponent('securitySchemes', SECURITY_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key: `Authorization: Bearer dw_…`. Each operation lists the scope it needs (any one, where it lists ' +
      'several); `admin` holds every scope. A missing or revoked key is a 401, a key without the scope a 403.',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Dunwell decision API',
      version: '0.1.0',
      description: 'Decides the next collection step for each invoice from the active dunning policy, and explains it.',
    },
  });
  app.route('/docs', docsRouter());
  app.route('/', editorRouter(options.editorDir));
  return app;
}

/**
 * The OpenAPI document the service serves, built without a server, on an in-memory database: what
 * the editor's API types are generated from (`pnpm api:types`).
 */
export async function openApiDocument(): Promise<unknown> {
  const database = await openDatabase({});
  try {
    const app = createApp(database, { models: new ModelRegistry('models', database.db) });
    return await (await app.request('/openapi.json')).json();
  } finally {
    await database.close();
  }
}
