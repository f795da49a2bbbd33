/** Settings from the environment, checked once at start-up. */
import { resolve } from 'node:path';
import { SHIPPED_MODELS_DIR } from './paths';
import { type AuthMode } from './api/auth';
import { DEFAULT_LIMITS, type Limits } from './api/limits';

import { z } from 'zod';

const env = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DATABASE_URL: z.string().url().optional(),
  DUNWELL_DATA_DIR: z.string().default('.data'),
  DUNWELL_MODELS_DIR: z.string().optional(),
  DUNWELL_MODELS: z.enum(['on', 'off']).default('on'),
  DUNWELL_DEMO_LEDGER: z.enum(['0', '1', 'true', 'false']).optional(),
  DUNWELL_RUN_CHUNK_SIZE: z.coerce.number().int().min(1).max(100_000).default(500),
  DUNWELL_RUN_CHUNK_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(86_400).default(120),
  DUNWELL_AUTH: z.enum(['on', 'off']).default('on'),
  DUNWELL_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(10_000_000).default(DEFAULT_LIMITS.ratePerMinute),
  DUNWELL_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(DEFAULT_LIMITS.requestTimeoutMs),
  DUNWELL_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url())),
  INIT_CWD: z.string().optional(),
});

export interface Config {
  host: string;
  port: number;
  databaseUrl?: string;
  dataDir: string;
  /** Where the served models are; without it the engine serves none. */
  modelsDir?: string;
  /** Seed a synthetic demo ledger into an empty embedded database. */
  demoLedger?: boolean;
  /** Invoices a run's chunk holds: the unit of work processes share. */
  runChunkSize?: number;
  /** On PostgreSQL: a chunk not finished in this many seconds is retried (its process is taken to be lost). */
  runChunkTimeoutSeconds?: number;
  /** API keys on (the default) or off; off serves loopback only (docs/security.md). */
  auth?: AuthMode;
  limits?: Partial<Limits>;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = env.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  // pnpm runs scripts in the package folder; relative paths mean the folder the user ran pnpm from.
  const base = e.INIT_CWD ?? process.cwd();
  return {
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(base, e.DUNWELL_DATA_DIR),
    modelsDir:
      e.DUNWELL_MODELS === 'off'
        ? undefined
        : e.DUNWELL_MODELS_DIR
          ? resolve(base, e.DUNWELL_MODELS_DIR)
          : SHIPPED_MODELS_DIR,
    // Demo invoices belong in the zero-setup embedded database, never in a real server's ledger.
    runChunkSize: e.DUNWELL_RUN_CHUNK_SIZE,
    runChunkTimeoutSeconds: e.DUNWELL_RUN_CHUNK_TIMEOUT_SECONDS,
    auth: e.DUNWELL_AUTH === 'off' ? 'off' : 'keys',
    limits: {
      ratePerMinute: e.DUNWELL_RATE_LIMIT_PER_MINUTE,
      requestTimeoutMs: e.DUNWELL_REQUEST_TIMEOUT_MS,
      corsOrigins: e.DUNWELL_CORS_ORIGINS,
    },
    demoLedger:
      e.DUNWELL_DEMO_LEDGER === undefined
        ? !e.DATABASE_URL
        : e.DUNWELL_DEMO_LEDGER === '1' || e.DUNWELL_DEMO_LEDGER === 'true',
  };
}
