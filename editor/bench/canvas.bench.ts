/**
 * Is a 200-node policy responsive? In Chromium, against the engine serving the built editor:
 * load-to-interactive (navigation until all 200 nodes are drawn and a click selects one) and the
 * frame times while a node is dragged. Prints the numbers; `pnpm --filter @dunwell/editor bench`.
 */
import { type PolicyEdge, type PolicyGraph, type PolicyNode } from '@dunwell/engine/policy';
import {
  chromiumAvailable,
  CHROMIUM_PATH,
  ensureEditorBuilt,
  launchChromium,
  startEditorServer,
} from '../testing/browser';

const NODE_COUNT = 200;
const LOAD_RUNS = 3;
const DRAG_MOVES = 120;

/** Start, then segments of wait → condition → (yes: action, no: next segment), then a stop: 200 nodes. */
function bigPolicy(): PolicyGraph {
  const nodes: PolicyNode[] = [{ id: 'start', kind: 'start', position: { x: 0, y: 0 } }];
  const edges: PolicyEdge[] = [];
  const segments = (NODE_COUNT - 2) / 3;
  let from: [string, string] = ['start', 'next'];
  for (let i = 0; i < segments; i++) {
    const col = i % 8;
    const row = Math.floor(i / 8);
    const x = col * 620;
    const y = 200 + row * 520;
    nodes.push(
      { id: `wait-${i}`, kind: 'wait', fact: 'daysPastDue', days: i, position: { x, y } },
      {
        id: `check-${i}`,
        kind: 'condition',
        predicate: { fact: 'openAmount', operator: 'greaterThanInclusive', value: i * 250 },
        position: { x, y: y + 160 },
      },
      {
        id: `send-${i}`,
        kind: 'action',
        action: { type: 'letter', template: `step-${i}`, level: Math.min(10, i % 11), priority: 'normal' },
        position: { x: x + 300, y: y + 320 },
      },
    );
    edges.push(
      { id: `e-${i}-a`, source: from[0], sourceHandle: from[1], target: `wait-${i}` },
      { id: `e-${i}-b`, source: `wait-${i}`, sourceHandle: 'next', target: `check-${i}` },
      { id: `e-${i}-c`, source: `check-${i}`, sourceHandle: 'yes', target: `send-${i}` },
    );
    from = [`check-${i}`, 'no'];
  }
  nodes.push({ id: 'done', kind: 'stop', reason: 'paid', position: { x: 0, y: 200 + Math.ceil(segments / 8) * 520 } });
  edges.push({ id: 'e-done', source: from[0], sourceHandle: from[1], target: 'done' });
  return { nodes, edges };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function main() {
  if (!chromiumAvailable()) {
    console.error(`Chromium is missing at ${CHROMIUM_PATH}: apt-get install -y chromium`);
    process.exit(1);
  }
  ensureEditorBuilt();
  const server = await startEditorServer();
  const browser = await launchChromium();
  try {
    const graph = bigPolicy();
    // The editor re-validates on every edit of the graph's content (not on moves). Imported after
    // the server: the engine's OpenAPI schemas need @hono/zod-openapi loaded before the policy core.
    const { validateGraph } = await import('@dunwell/engine/policy');
    validateGraph(graph);
    const validateStart = performance.now();
    for (let i = 0; i < 50; i++) validateGraph(graph);
    const validateMs = (performance.now() - validateStart) / 50;
    const created = await fetch(`${server.url}/v1/policies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'bench-200', name: 'Benchmark: 200 steps', graph }),
    });
    if (!created.ok) throw new Error(`creating the policy failed: ${created.status} ${await created.text()}`);

    const loads: number[] = [];
    const clicks: number[] = [];
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // Which React the page runs, as React tells a devtools hook: a build whose NODE_ENV was not
    // production bundles the development one, several times slower, and these numbers would not be
    // the product's. The hook only records; it does nothing on commits.
    await page.addInitScript(`window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
      isDisabled: false, supportsFiber: true, renderers: new Map(),
      inject(renderer) { window.reactBuild = renderer.bundleType === 0 ? 'production' : 'development'; return 1; },
      onCommitFiberRoot() {}, onCommitFiberUnmount() {}, onPostCommitFiberRoot() {}, checkDCE() {},
    };`);
    for (let run = 0; run < LOAD_RUNS; run++) {
      await page.goto(`${server.url}/?policy=bench-200`);
      await page.waitForFunction(
        (count) => {
          const drawn = [...document.querySelectorAll<HTMLElement>('.react-flow__node')];
          return drawn.length === count && drawn.every((n) => n.style.visibility !== 'hidden');
        },
        NODE_COUNT,
        { polling: 'raf', timeout: 60_000 },
      );
      loads.push(await page.evaluate(() => performance.now()));
      const target = (await page.locator('.react-flow__node[data-id="check-0"]').boundingBox())!;
      const clickStart = Date.now();
      await page.mouse.click(target.x + target.width / 2, target.y + target.height / 2);
      await page.waitForFunction(
        () => document.querySelector('[data-testid="inspector"][data-node="check-0"]') !== null,
        undefined,
        { polling: 'raf' },
      );
      clicks.push(Date.now() - clickStart);
    }

    // Drag one node in small steps while the page records the time between animation frames.
    const node = page.locator('.react-flow__node[data-id="wait-0"]');
    const box = (await node.boundingBox())!;
    // A string, not a function: tsx would wrap a function with helpers the page does not have.
    await page.evaluate(`(() => {
      window.frameTimes = [];
      window.longTasks = [];
      new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
      window.recording = true;
      const tick = (t) => {
        window.frameTimes.push(t);
        if (window.recording) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
    const x0 = box.x + box.width / 2;
    const y0 = box.y + box.height / 2;
    const moveTimes: number[] = [];
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    const dragStart = Date.now();
    for (let i = 1; i <= DRAG_MOVES; i++) {
      const t = Date.now();
      await page.mouse.move(x0 + i * 3, y0 + Math.sin(i / 10) * 40);
      moveTimes.push(Date.now() - t);
    }
    await page.mouse.up();
    const dragMs = Date.now() - dragStart;
    const { frames, longTasks } = await page.evaluate<{ frames: number[]; longTasks: number[] }>(
      '(() => { window.recording = false; return { frames: window.frameTimes, longTasks: window.longTasks }; })()',
    );
    const intervals = frames.slice(1).map((t, i) => t - frames[i]!);
    const moved = await node.evaluate((el) => el.style.transform);
    const reactBuild = await page.evaluate<string>('window.reactBuild ?? "unknown"');

    console.log(
      `Editor canvas benchmark: ${NODE_COUNT}-node policy, Chromium (${CHROMIUM_PATH}), software rendering, React ${reactBuild} build`,
    );
    if (reactBuild !== 'production')
      console.warn(
        `  warning: editor/dist runs React's ${reactBuild} build; rebuild it (pnpm --filter @dunwell/editor build) for numbers that mean anything`,
      );
    console.log(
      `  load to interactive (navigation → all ${NODE_COUNT} nodes drawn), median of ${LOAD_RUNS}: ${ms(median(loads))}  [${loads.map((l) => l.toFixed(0)).join(', ')}]`,
    );
    console.log(`  click → inspector shows the node, median: ${ms(median(clicks))}`);
    console.log(
      `  drag: ${DRAG_MOVES} pointer moves in ${dragMs} ms (${(DRAG_MOVES / (dragMs / 1000)).toFixed(0)} moves/s), per move median ${ms(median(moveTimes))}, p95 ${ms(percentile(moveTimes, 0.95))}`,
    );
    console.log(
      `  drag frame time: ${intervals.length} frames, median ${ms(median(intervals))}, p95 ${ms(percentile(intervals, 0.95))}, max ${ms(Math.max(...intervals))}`,
    );
    console.log(
      `  validating the ${NODE_COUNT}-node graph after an edit (Node, same code as the page): ${ms(validateMs)}`,
    );
    console.log(
      `  long tasks (> 50 ms) during the drag: ${longTasks.length}${longTasks.length ? ` (longest ${ms(Math.max(...longTasks))})` : ''}`,
    );
    console.log(`  dragged node's transform afterwards: ${moved}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
