/**
 * Prometheus metrics (docs/operations.md) through prom-client, on a registry of each engine's own
 * (several engines may share a process in tests). Counted as they happen: requests by route and
 * status with their latency, decisions by outcome. Read when scraped: run chunks left, the outbox
 * by delivery status, which model versions are served, and the process's own figures.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { type ModelRegistry } from './models/registry';
import { outboxBacklog, unfinishedRunChunks, type Executor } from './store';

export class Metrics {
  readonly registry = new Registry();
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly latency: Histogram<'method' | 'route'>;
  readonly decisions: Counter<'outcome'>;

  constructor(db: Executor, models?: ModelRegistry) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'dunwell_http_requests_total',
      help: 'HTTP requests answered, by route and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'dunwell_http_request_duration_seconds',
      help: 'Time to answer an HTTP request',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
    this.decisions = new Counter({
      name: 'dunwell_decisions_total',
      help: 'Decisions made (by the API and by runs, dry runs included), by outcome',
      labelNames: ['outcome'],
      registers,
    });
    new Gauge({
      name: 'dunwell_run_chunks',
      help: 'Chunks of runs not yet finished, by chunk status',
      labelNames: ['status'],
      registers,
      async collect() {
        this.reset();
        const counts = await unfinishedRunChunks(db);
        for (const status of ['queued', 'done']) this.set({ status }, counts[status] ?? 0);
      },
    });
    new Gauge({
      name: 'dunwell_outbox_deliveries',
      help: 'Webhook deliveries in the outbox, by status (pending is the backlog)',
      labelNames: ['status'],
      registers,
      async collect() {
        this.reset();
        for (const [status, n] of Object.entries(await outboxBacklog(db))) this.set({ status }, n);
      },
    });
    new Gauge({
      name: 'dunwell_model_served',
      help: 'Models: 1 for the version served, 0 when none is (with the load error as a label)',
      labelNames: ['model', 'version', 'error'],
      registers,
      collect() {
        this.reset();
        for (const m of models?.list() ?? [])
          this.set(
            { model: m.name, version: m.activeVersion ?? '', error: m.loadError ?? '' },
            m.activeVersion ? 1 : 0,
          );
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'dunwell_' });
  }
}
