/**
 * Validation stays linear in the size of the graph: a 5,000-step graph with loops and a contact
 * step without a consent check on every other step, validated directly and through the API
 * (`POST /v1/policies/{id}/validate`: parsing, checks and the answer). Goal: under 100 ms.
 */
import { createApp } from '../src/app';
import { validateGraph } from '../src/policy';
import { openDatabase } from '../src/store';
import { seedSamplePolicy } from '../src/seed';
import { tangledGraph } from '../test-support/graphs';

const GOAL_MS = 100;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(runs: number, task: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  return median(times);
}

const database = await openDatabase({});
try {
  await seedSamplePolicy(database.db);
  const app = createApp(database);
  console.log('validation of tangled graphs (median of 9 runs each)');
  for (const size of [1000, 2500, 5000]) {
    const graph = tangledGraph(size);
    const body = JSON.stringify({ graph });
    const direct = await timed(9, () => validateGraph(graph));
    const api = await timed(9, async () => {
      const res = await app.request('/v1/policies/standard-b2b/validate', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      if (res.status !== 200) throw new Error(`validate answered ${res.status}: ${await res.text()}`);
      await res.json();
    });
    console.log(
      `  ${size} steps, ${graph.edges.length} connections: ${direct.toFixed(1)} ms to validate, ${api.toFixed(1)} ms through the API`,
    );
    if (size === 5000)
      console.log(
        `  goal: a 5,000-step graph in under ${GOAL_MS} ms through the API: ${api < GOAL_MS ? 'met' : 'NOT met'}`,
      );
  }
} finally {
  await database.close();
}
