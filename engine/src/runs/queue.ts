/**
 * How a run's chunks reach the processes that decide them. On PostgreSQL they are pg-boss jobs:
 * any engine process on the same database takes the next one (FOR UPDATE SKIP LOCKED), and a chunk
 * whose process died expires and is retried. The embedded database has one process, which works
 * through them in order (docs/runs.md).
 */
import PgBoss from 'pg-boss';
import { log } from '../log';

export type ChunkWork = (runId: string, chunk: number) => Promise<void>;

export interface RunQueue {
  /** Hands chunks over to be processed. */
  enqueue(runId: string, chunks: readonly number[]): Promise<void>;
  /** Starts processing chunks with `work`. */
  start(work: ChunkWork): Promise<void>;
  /** Stops taking chunks and waits for the one in hand. */
  stop(): Promise<void>;
}

/**
 * Chunks one process holds at once. On PostgreSQL two: while one chunk's writes go to the server,
 * the next is being decided, so neither the process nor the server waits on the other. The
 * embedded database runs on the engine's own thread, so there is nothing to overlap, and a second
 * chunk in hand only adds memory: one.
 */
export const chunksInHand = (kind: 'pglite' | 'postgres') => (kind === 'postgres' ? 2 : 1);

/** One process works through the chunks in the order they came, `inHand` at a time. */
export class InProcessQueue implements RunQueue {
  private readonly waiting: Array<{ runId: string; chunk: number }> = [];
  private work?: ChunkWork;
  private readonly workers = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly inHand = 1) {}

  async enqueue(runId: string, chunks: readonly number[]): Promise<void> {
    this.waiting.push(...chunks.map((chunk) => ({ runId, chunk })));
    this.drain();
  }

  async start(work: ChunkWork): Promise<void> {
    this.work = work;
    this.stopped = false;
    this.drain();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  /** Waits until every chunk handed over so far is processed (or, once stopped, the chunks in hand). */
  async idle(): Promise<void> {
    while (this.workers.size > 0) await Promise.all(this.workers);
  }

  private drain(): void {
    if (!this.work || this.stopped) return;
    // Counted before starting: a worker takes its first chunk as it starts.
    for (let n = Math.min(this.inHand - this.workers.size, this.waiting.length); n > 0; n--) {
      const worker: Promise<void> = this.takeChunks().finally(() => {
        this.workers.delete(worker);
        this.drain();
      });
      this.workers.add(worker);
    }
  }

  private async takeChunks(): Promise<void> {
    while (!this.stopped && this.waiting.length > 0) {
      const { runId, chunk } = this.waiting.shift()!;
      await this.work!(runId, chunk).catch((error: unknown) => {
        log.error({ err: error, runId, chunk }, 'a chunk of a run failed');
      });
    }
  }
}

const QUEUE = 'dunwell-run-chunk';
/** How often pg-boss looks for chunks whose process died (among its other upkeep). */
const UPKEEP_SECONDS = 10;
export const DEFAULT_CHUNK_TIMEOUT_SECONDS = 120;

/** Chunks as pg-boss jobs, shared by every engine process on the database. */
export class PgBossQueue implements RunQueue {
  private readonly boss: PgBoss;
  private started?: Promise<unknown>;

  /** `chunkTimeoutSeconds`: a chunk not finished by then is taken to be lost with its process, and retried. */
  constructor(
    databaseUrl: string,
    private readonly chunkTimeoutSeconds = DEFAULT_CHUNK_TIMEOUT_SECONDS,
  ) {
    this.boss = new PgBoss({
      connectionString: databaseUrl,
      schema: 'pgboss',
      max: 3,
      schedule: false,
      maintenanceIntervalSeconds: UPKEEP_SECONDS,
    });
    this.boss.on('error', (err) => log.error({ err }, 'job queue error'));
  }

  private ready(): Promise<unknown> {
    this.started ??= this.boss.start().then(async () => {
      // A retried chunk finds the invoices its first attempt wrote not due any more: retries are safe.
      const options = { name: QUEUE, retryLimit: 10, retryDelay: 2, expireInSeconds: this.chunkTimeoutSeconds };
      if (await this.boss.getQueue(QUEUE)) await this.boss.updateQueue(QUEUE, options);
      else await this.boss.createQueue(QUEUE, options);
    });
    return this.started;
  }

  async enqueue(runId: string, chunks: readonly number[]): Promise<void> {
    await this.ready();
    for (let i = 0; i < chunks.length; i += 1000) {
      await this.boss.insert(chunks.slice(i, i + 1000).map((chunk) => ({ name: QUEUE, data: { runId, chunk } })));
    }
  }

  async start(work: ChunkWork): Promise<void> {
    await this.ready();
    // Each worker takes one chunk at a time; several make the chunks in hand.
    for (let i = 0; i < chunksInHand('postgres'); i++) await this.work(work);
  }

  private async work(work: ChunkWork): Promise<void> {
    await this.boss.work<{ runId: string; chunk: number }>(QUEUE, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
      await work(job!.data.runId, job!.data.chunk);
    });
  }

  async stop(): Promise<void> {
    if (this.started) await this.boss.stop({ graceful: true, timeout: 10_000 });
  }
}
