/**
 * The forward evaluation looks only at the days on which something can change (next-review.ts);
 * here it must find the same nextReviewAt as evaluating every day ahead, for the sample policy and
 * random policies (their steps made letters or tasks, some repeated), with steps taken, account contacts, promises to pay and
 * random contact rules (weekly caps, business days of a country, send windows).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validGraph } from '../../test-support/graphs';
import { addDays } from '../features/days';
import { compilePolicy, type Action, type PolicyGraph } from '../policy';
import { readSamplePolicy } from '../seed';
import { MEMORY_DATA_DIR, openDatabase, type Database } from '../store';
import { writeContactRules, type DeploymentContactRules } from './contact-rules';
import { DecisionService } from './pipeline';
import { loadedVersionOf, PolicyRuntime } from './policy-runtime';
import { parseDecideRequest } from './request';

/** Decisions are made on one of the two weeks from here (Good Friday and Easter Monday among them). */
const FIRST = '2026-03-27';

let database: Database;
let fast: DecisionService;
let everyDay: DecisionService;

beforeAll(async () => {
  database = await openDatabase({ dataDir: MEMORY_DATA_DIR });
  const runtime = new PolicyRuntime(database.db);
  fast = new DecisionService(database.db, runtime);
  everyDay = new DecisionService(database.db, runtime, undefined, { reviewEveryDay: true });
}, 60_000);

afterAll(async () => {
  await database?.close();
});

/** A day up to two months before any decision. */
const day = fc.integer({ min: -60, max: 0 }).map((offset) => addDays(FIRST, offset));

const contactRules: fc.Arbitrary<DeploymentContactRules> = fc.record(
  {
    weeklyCap: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
    businessDaysOnly: fc.boolean(),
    sendWindow: fc.option(fc.constantFrom({ from: '08:00', to: '18:00' }, { from: '00:00', to: '23:59' }), {
      nil: null,
    }),
    defaultTimeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'Pacific/Kiritimati'),
    defaultCountry: fc.option(fc.constantFrom('DE', 'US'), { nil: null }),
  },
  { noNullPrototype: true },
);

/** The graph's action terminals as letters (a contact, so the contact rules apply) or tasks, some repeated. */
function withActions(graph: PolicyGraph): fc.Arbitrary<PolicyGraph> {
  const actions = graph.nodes.filter((n) => n.kind === 'action');
  const variant = fc.record({
    type: fc.constantFrom<Action['type']>('letter', 'task'),
    repeat: fc.option(
      fc.record({ everyDays: fc.integer({ min: 1, max: 20 }), maxTimes: fc.integer({ min: 2, max: 4 }) }),
      {
        nil: undefined,
      },
    ),
  });
  return fc.tuple(...actions.map(() => variant)).map((variants) => ({
    ...graph,
    nodes: graph.nodes.map((node) => {
      if (node.kind !== 'action') return node;
      const i = actions.indexOf(node);
      const { type, repeat } = variants[i]!;
      return { ...node, action: { ...node.action, type, ...(repeat ? { repeat } : {}) } };
    }),
  }));
}

function requestFor(graph: PolicyGraph) {
  const steps = graph.nodes.filter((n) => n.kind === 'action').map((n) => n.id);
  return fc.record({
    issueDate: day,
    terms: fc.integer({ min: 0, max: 60 }),
    actions: fc.array(
      fc.record({
        step: fc.constantFrom(...steps, 'elsewhere'),
        type: fc.constantFrom<Action['type']>('email', 'sms', 'letter', 'call'),
        date: day,
      }),
      { maxLength: 4 },
    ),
    accountContacts: fc.option(fc.array(day, { maxLength: 4 }), { nil: undefined }),
    asOf: fc.integer({ min: 0, max: 13 }).map((d) => addDays(FIRST, d)),
    promiseToPayDate: fc.option(
      fc.integer({ min: -5, max: 40 }).map((d) => addDays(FIRST, d)),
      { nil: undefined },
    ),
    segment: fc.constantFrom('small_business', 'mid_market', 'enterprise', 'public_sector'),
    consent: fc.record({ emailAllowed: fc.boolean(), smsAllowed: fc.boolean(), callAllowed: fc.boolean() }),
    country: fc.option(fc.constantFrom('DE', 'US', 'FR'), { nil: undefined }),
    lastPaymentDate: fc.option(day, { nil: undefined }),
  });
}

type RequestParts = ReturnType<typeof requestFor> extends fc.Arbitrary<infer R> ? R : never;

const body = (parts: RequestParts) => ({
  invoice: {
    id: 'INV-R',
    accountId: 'ACC-R',
    amount: 1200,
    currency: 'EUR',
    issueDate: parts.issueDate,
    dueDate: addDays(parts.issueDate, parts.terms),
    ...(parts.promiseToPayDate ? { promiseToPayDate: parts.promiseToPayDate } : {}),
  },
  account: {
    id: 'ACC-R',
    segment: parts.segment,
    ...parts.consent,
    ...(parts.country ? { country: parts.country } : {}),
    ...(parts.lastPaymentDate ? { lastPaymentDate: parts.lastPaymentDate } : {}),
  },
  history: {
    actions: parts.actions,
    ...(parts.accountContacts ? { accountContacts: parts.accountContacts } : {}),
  },
  asOf: `${parts.asOf}T10:00:00Z`,
  dryRun: true,
});

async function sameReview(graph: PolicyGraph, parts: RequestParts, rules: DeploymentContactRules) {
  await writeContactRules(database.db, rules);
  const loaded = loadedVersionOf(graph, compilePolicy(graph, { policyId: 'p', version: 1 }), {
    policyId: 'p',
    version: 1,
    contentHash: 'h',
  });
  const now = new Date(`${parts.asOf}T10:00:00Z`);
  const request = await fast.complete(parseDecideRequest(body(parts)), now);
  const expected = (await everyDay.evaluate(request, loaded, now)).decision;
  const got = (await fast.evaluate(request, loaded, now)).decision;
  expect({ nextReviewAt: got.nextReviewAt, outcome: got.outcome }).toEqual({
    nextReviewAt: expected.nextReviewAt,
    outcome: expected.outcome,
  });
}

describe('nextReviewAt from the days that can change it is the one from every day ahead', () => {
  it('on the sample policy', async () => {
    const graph = readSamplePolicy().graph;
    await fc.assert(
      fc.asyncProperty(fc.tuple(fc.constant(graph), requestFor(graph), contactRules), async ([g, parts, rules]) =>
        sameReview(g, parts, rules),
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('on random policies', async () => {
    await fc.assert(
      fc.asyncProperty(
        validGraph.chain(withActions).chain((g) => fc.tuple(fc.constant(g), requestFor(g), contactRules)),
        async ([g, parts, rules]) => sameReview(g, parts, rules),
      ),
      { numRuns: 200 },
    );
  }, 120_000);
});
