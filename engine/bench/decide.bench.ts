/**
 * `pnpm bench`: decide throughput on a synthetic portfolio with the shipped models, in
 * process (no HTTP): one decision at a time, and a batch of 10,000, side by side; and, from a CPU
 * profile of the batch, the share of a decision spent in the forward evaluation that finds
 * nextReviewAt (goal: at most 20%).
 */
import { Session, type Profiler } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { SHIPPED_MODELS_DIR } from '../src/paths';
import { DecisionService } from '../src/decide/pipeline';
import { PolicyRuntime } from '../src/decide/policy-runtime';
import { generatePortfolio } from '../src/ledger/synthetic';
import { ModelRegistry } from '../src/models/registry';
import { ModelScorer } from '../src/models/scorer';
import { seedSamplePolicy } from '../src/seed';
import { MEMORY_DATA_DIR, openDatabase, upsertInvoices } from '../src/store';

/** Of the samples under a function, the share under any of `parts` (by function name). */
function shareUnder(profile: Profiler.Profile, root: string, parts: string[]): number {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  let under = 0;
  let within = 0;
  for (const sample of profile.samples ?? []) {
    const names: string[] = [];
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      names.push(byId.get(id)!.callFrame.functionName);
    }
    if (!names.includes(root)) continue;
    under += 1;
    if (names.some((name) => parts.includes(name))) within += 1;
  }
  return under === 0 ? 0 : within / under;
}

const database = await openDatabase({ dataDir: MEMORY_DATA_DIR });
await seedSamplePolicy(database.db);
const rows = generatePortfolio({ invoices: 20_000, seed: 5, endDate: '2026-06-30' });
let start = performance.now();
await upsertInvoices(database.db, rows);
console.log(`ledger import: ${rows.length} invoices in ${(performance.now() - start).toFixed(0)} ms`);

const registry = new ModelRegistry(SHIPPED_MODELS_DIR, database.db);
await registry.init();
const service = new DecisionService(database.db, new PolicyRuntime(database.db), new ModelScorer(registry));
const open = rows.slice(0, 10_000);
const request = (r: (typeof rows)[number]) => ({
  invoice: {
    id: r.invoiceId,
    accountId: r.accountId,
    amount: r.amount,
    currency: r.currency,
    issueDate: r.issueDate,
    dueDate: r.dueDate,
    disputed: r.disputed ?? false,
  },
  account: { id: r.accountId, emailAllowed: true, smsAllowed: true, callAllowed: true },
  history: { stepsTaken: 1, lastActionType: 'email' as const, lastActionDate: r.issueDate },
  asOf: '2026-06-30T09:00:00Z',
  dryRun: true,
});

for (const r of open.slice(0, 50)) await service.decide(request(r));
const singles = open.slice(50, 550);
const latencies: number[] = [];
for (const r of singles) {
  const t = performance.now();
  await service.decide(request(r));
  latencies.push(performance.now() - t);
}
latencies.sort((a, b) => a - b);
const pct = (q: number) => latencies[Math.floor(q * (latencies.length - 1))]!.toFixed(2);
console.log(
  `single decide (ledger history + 2 models + rules): p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, p99 ${pct(0.99)} ms over ${latencies.length}`,
);

const profiler = new Session();
profiler.connect();
await profiler.post('Profiler.enable');
await profiler.post('Profiler.start');
start = performance.now();
const results = await service.decideBatch(open.map(request));
const ms = performance.now() - start;
const { profile } = await profiler.post('Profiler.stop');
profiler.disconnect();
const singleRate = 1000 / (latencies.reduce((a, b) => a + b, 0) / latencies.length);
const batchRate = (results.length / ms) * 1000;
console.log(
  `batch decide: ${results.length} invoices in ${ms.toFixed(0)} ms (${batchRate.toFixed(0)} decisions/s), ${results.filter((r) => !r.ok).length} errors; ` +
    `${(batchRate / singleRate).toFixed(1)}× one at a time (${singleRate.toFixed(0)}/s; goal ≥10×)`,
);
const forward = shareUnder(profile, 'decideMany', ['nextReviewDay', 'reviewCandidates']);
console.log(
  `forward evaluation (nextReviewAt): ${(forward * 100).toFixed(1)}% of the batch's decision CPU (goal ≤20%)`,
);
await database.close();
