/**
 * The engine's HTTP API, as the editor uses it: a typed client (openapi-fetch) over the types
 * generated from the engine's OpenAPI document (schema.ts, `pnpm api:types`). Every failure
 * becomes an ApiError carrying the API's own message and issues, so the UI can show the user what
 * the engine said; graphs are parsed with the policy core's schema where they enter the editor.
 */
import createClient from 'openapi-fetch';
import { graphSchema, type PolicyGraph } from '@dunwell/engine/policy';
import { type components, type paths } from './schema';
import { useSession } from '../session/session';

type Schemas = components['schemas'];
export type Decision = Schemas['Decision'];
export type PolicySummary = Schemas['PolicySummary'];
export type VersionSummary = Schemas['VersionSummary'];
export type ListedVersion = Schemas['ListedVersion'];
export type ScheduledActivation = Schemas['ScheduledActivation'];
/** When a version becomes the active one: now, at a time, or not (it stays published only). */
export type ActivationTime = 'now' | 'later' | Date;
export type SimulationRequest = Schemas['SimulationRequest'];
/** A simulation of an invoice given whole, at a date: what the simulator's form edits. */
export type SimulationInput = Omit<SimulationRequest, 'invoice' | 'invoiceId'> & {
  invoice: Schemas['Invoice'];
  asOf: string;
};
export type TimelineDay = Schemas['Timeline']['days'][number];
export type KpiPeriod = Schemas['KpiPeriod'];
export type LoggedDecision = Schemas['LoggedDecision'];
export type DecisionQuery = NonNullable<paths['/v1/decisions']['get']['parameters']['query']>;
export type KpiQuery = NonNullable<paths['/v1/reports/kpis']['get']['parameters']['query']>;
export type WorklistItem = Schemas['WorklistItem'];
export type WorklistQuery = NonNullable<paths['/v1/worklist']['get']['parameters']['query']>;
export type CollectorOutcome = Schemas['CollectorOutcome'];
export type TimelineEvent = Schemas['TimelineEvent'];
export type Backtest = Schemas['Backtest'];
export type AgingReport = Schemas['AgingReport'];
export type CashForecast = Schemas['CashForecast'];
export type AgingQuery = NonNullable<paths['/v1/reports/aging']['get']['parameters']['query']>;
export type ExperimentReport = Schemas['ExperimentReport'];
export type ExperimentSummary = Schemas['ExperimentSummary'];
export type BacktestRequest = Schemas['BacktestRequest'];
export type ErrorCode = Schemas['Error']['error']['code'];
/** A policy with its draft, the draft's graph as the policy core reads it. */
export type Policy = Omit<Schemas['Policy'], 'draft'> & { draft: Draft };
export type Draft = Omit<Schemas['Draft'], 'graph'> & { graph: PolicyGraph };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network_error' | 'http_error',
    message: string,
    readonly issues: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const client = createClient<paths>({
  // Requests go to the engine that served the editor; the fetch is looked up per call, so tests can stub it.
  baseUrl: globalThis.location?.origin ?? '',
  fetch: (request) => globalThis.fetch(request),
});
// Every request carries the signed-in key; a 401 sends the editor back to its sign-in screen.
client.use({
  onRequest({ request }) {
    const { key } = useSession.getState();
    if (key) request.headers.set('Authorization', `Bearer ${key}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) useSession.getState().refused();
    return response;
  },
});

/** The data of a successful call, or an ApiError with what the engine said. */
async function answer<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: Awaited<typeof pending>;
  try {
    result = await pending;
  } catch {
    throw new ApiError(0, 'network_error', 'The Dunwell engine cannot be reached. Is it running?');
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  const body = (error as { error?: Partial<Schemas['Error']['error']> } | undefined)?.error;
  throw new ApiError(
    response.status,
    body?.code ?? 'http_error',
    body?.message ?? `The engine answered ${response.status} ${response.statusText}`,
    body?.issues ?? [],
  );
}

const withGraph = <T extends { graph: unknown }>(value: T): T & { graph: PolicyGraph } => ({
  ...value,
  graph: graphSchema.parse(value.graph),
});
const policyOf = (policy: Schemas['Policy']): Policy => ({ ...policy, draft: withGraph(policy.draft) });
const path = (id: string) => ({ params: { path: { id } } });
const versionPath = (id: string, version: number) => ({ params: { path: { id, version } } });

export const api = {
  /** Who the key (or, with keys off, the engine itself) says is calling. */
  whoAmI: () => answer(client.GET('/v1/keys/me')),
  /** Checks a key before it is kept: the principal it stands for, or an ApiError (401). */
  checkKey: (key: string) => answer(client.GET('/v1/keys/me', { headers: { Authorization: `Bearer ${key}` } })),
  listDecisions: (query: DecisionQuery) => answer(client.GET('/v1/decisions', { params: { query } })),
  kpis: (query: KpiQuery) => answer(client.GET('/v1/reports/kpis', { params: { query } })),
  cashForecast: (query: { asOf?: string; weeks?: number }) =>
    answer(client.GET('/v1/reports/cash-forecast', { params: { query } })),
  aging: (query: AgingQuery) => answer(client.GET('/v1/reports/aging', { params: { query } })),
  worklist: (query: WorklistQuery) => answer(client.GET('/v1/worklist', { params: { query } })),
  /** Writes what the collector got and decides the invoice again. */
  recordOutcome: (invoiceId: string, body: CollectorOutcome) =>
    answer(client.POST('/v1/worklist/{invoiceId}/outcomes', { params: { path: { invoiceId } }, body })),
  startBacktest: (id: string, body: BacktestRequest) =>
    answer(client.POST('/v1/policies/{id}/backtests', { ...path(id), body })),
  getBacktest: (id: string, backtestId: string) =>
    answer(client.GET('/v1/policies/{id}/backtests/{backtestId}', { params: { path: { id, backtestId } } })),
  listExperiments: () => answer(client.GET('/v1/experiments')).then((r) => r.items),
  experiment: (policyId: string, splitNodeId: string) =>
    answer(client.GET('/v1/experiments/{policyId}/{splitNodeId}', { params: { path: { policyId, splitNodeId } } })),
  /** Drafts the policy with the split node replaced by the arm's branch. */
  promoteArm: (policyId: string, splitNodeId: string, arm: string) =>
    answer(
      client.POST('/v1/experiments/{policyId}/{splitNodeId}/promote', {
        params: { path: { policyId, splitNodeId } },
        body: { arm },
      }),
    ),
  getDecision: (id: string) => answer(client.GET('/v1/decisions/{id}', path(id))),
  timeline: (id: string) => answer(client.GET('/v1/invoices/{id}/timeline', path(id))).then((r) => r.events),
  listPolicies: () => answer(client.GET('/v1/policies')).then((r) => r.items),
  getPolicy: (id: string) => answer(client.GET('/v1/policies/{id}', path(id))).then(policyOf),
  createPolicy: (body: { id?: string; name: string; description?: string; graph?: PolicyGraph }) =>
    answer(client.POST('/v1/policies', { body })).then(policyOf),
  /** Renames, describes, archives (true) or brings back (false) a policy. */
  updatePolicy: (id: string, body: { name?: string; description?: string; archived?: boolean }) =>
    answer(client.PATCH('/v1/policies/{id}', { ...path(id), body })).then(policyOf),
  duplicatePolicy: (id: string, body: { id?: string; name: string }) =>
    answer(client.POST('/v1/policies/{id}/duplicate', { ...path(id), body })).then(policyOf),
  /** Only a policy that was never published; one that was is archived instead. */
  deletePolicy: (id: string) => answer(client.DELETE('/v1/policies/{id}', path(id))),
  setDefaultPolicy: (policyId: string) => answer(client.PUT('/v1/settings/default-policy', { body: { policyId } })),
  /** Saves the draft unless someone saved another revision since `revision` (409). */
  saveDraft: (id: string, graph: PolicyGraph, revision: number) =>
    answer(
      client.PUT('/v1/policies/{id}/draft', {
        params: { path: { id }, header: { 'if-match': `"${revision}"` } },
        body: { graph },
      }),
    ).then(withGraph),
  publish: (id: string, note: string, when: ActivationTime = 'now') =>
    answer(
      client.POST('/v1/policies/{id}/versions', {
        ...path(id),
        body: when instanceof Date ? { note, activateAt: when.toISOString() } : { note, activate: when === 'now' },
      }),
    ),
  listVersions: (id: string) => answer(client.GET('/v1/policies/{id}/versions', path(id))).then((r) => r.items),
  getVersion: (id: string, version: number) =>
    answer(client.GET('/v1/policies/{id}/versions/{version}', versionPath(id, version))).then(withGraph),
  /** Makes a version the draft again, unless someone saved another revision since `revision` (409). */
  restoreVersion: (id: string, version: number, revision: number) =>
    answer(
      client.POST('/v1/policies/{id}/versions/{version}/restore', {
        params: { path: { id, version }, header: { 'if-match': `"${revision}"` } },
      }),
    ).then(withGraph),
  /** Now, or at `at` (replacing any earlier schedule). */
  activate: (id: string, version: number, at?: Date) =>
    answer(
      client.POST('/v1/policies/{id}/versions/{version}/activate', {
        ...versionPath(id, version),
        ...(at ? { body: { at: at.toISOString() } } : {}),
      }),
    ),
  cancelScheduledActivation: (id: string) => answer(client.DELETE('/v1/policies/{id}/scheduled-activation', path(id))),
  diff: (id: string, from: string, to: string) =>
    answer(client.GET('/v1/policies/{id}/diff', { params: { path: { id }, query: { from, to } } })),
  simulate: (id: string, simulation: SimulationRequest, graph: PolicyGraph) =>
    answer(client.POST('/v1/policies/{id}/simulate', { ...path(id), body: { ...simulation, graph } })),
  simulateTimeline: (id: string, simulation: SimulationRequest, graph: PolicyGraph, days = 60) =>
    answer(
      client.POST('/v1/policies/{id}/simulate/timeline', { ...path(id), body: { request: simulation, graph, days } }),
    ).then((r) => r.days),
};

/** What to show for any failure: the API's message, or the error's own. */
export function errorText(error: unknown): { title: string; details: string[] } {
  if (error instanceof ApiError) {
    return { title: error.message, details: error.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)) };
  }
  return { title: error instanceof Error ? error.message : String(error), details: [] };
}
