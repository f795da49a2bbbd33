/**
 * The engine's HTTP API, as the editor uses it. Every failure becomes an ApiError carrying the
 * API's own message and issues, so the UI can show the user what the engine said.
 */
import { type Diagnostic, type GraphDiff, type PolicyGraph } from '@dunwell/engine/policy';
import { type DecideRequest, type Decision } from '@dunwell/engine/decide';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface PolicySummary {
  id: string;
  name: string;
  description: string;
  activeVersion: number | null;
  draftRevision: number;
  isDefault: boolean;
}

export interface Draft {
  graph: PolicyGraph;
  revision: number;
  diagnostics: Diagnostic[];
}

export interface Policy extends Omit<PolicySummary, 'draftRevision'> {
  draft: Draft;
}

export interface VersionSummary {
  version: number;
  contentHash: string;
  note: string;
  publishedAt: string;
  active: boolean;
}

export type SimulationRequest = Omit<DecideRequest, 'policyId' | 'dryRun'>;
export interface TimelineDay {
  day: number;
  date: string;
  decision: Decision;
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The Dunwell engine cannot be reached. Is it running?');
  }
  const text = await response.text();
  let payload: unknown;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }
  if (!response.ok) {
    const error = (payload as { error?: { code?: string; message?: string; issues?: ApiError['issues'] } } | undefined)
      ?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `The engine answered ${response.status} ${response.statusText}`,
      error?.issues ?? [],
    );
  }
  return payload as T;
}

const policyPath = (id: string) => `/v1/policies/${encodeURIComponent(id)}`;

export const api = {
  listPolicies: () => request<{ items: PolicySummary[] }>('GET', '/v1/policies').then((r) => r.items),
  getPolicy: (id: string) => request<Policy>('GET', policyPath(id)),
  createPolicy: (input: { id?: string; name: string; description?: string; graph?: PolicyGraph }) =>
    request<Policy>('POST', '/v1/policies', input),
  /** Saves the draft unless someone saved another revision since `revision` (409). */
  saveDraft: (id: string, graph: PolicyGraph, revision: number) =>
    request<Draft>('PUT', `${policyPath(id)}/draft`, { graph }, { 'If-Match': `"${revision}"` }),
  publish: (id: string, note: string, activate = true) =>
    request<VersionSummary & { diagnostics: Diagnostic[] }>('POST', `${policyPath(id)}/versions`, { note, activate }),
  listVersions: (id: string) =>
    request<{ items: VersionSummary[] }>('GET', `${policyPath(id)}/versions`).then((r) => r.items),
  getVersion: (id: string, version: number) =>
    request<VersionSummary & { graph: PolicyGraph }>('GET', `${policyPath(id)}/versions/${version}`),
  activate: (id: string, version: number) =>
    request<{ policyId: string; activeVersion: number | null }>(
      'POST',
      `${policyPath(id)}/versions/${version}/activate`,
    ),
  diff: (id: string, from: string, to: string) =>
    request<GraphDiff & { from: string; to: string }>('GET', `${policyPath(id)}/diff?from=${from}&to=${to}`),
  simulate: (id: string, simulation: SimulationRequest, graph: PolicyGraph) =>
    request<Decision>('POST', `${policyPath(id)}/simulate`, { ...simulation, graph }),
  simulateTimeline: (id: string, simulation: SimulationRequest, graph: PolicyGraph, days = 60) =>
    request<{ days: TimelineDay[] }>('POST', `${policyPath(id)}/simulate/timeline`, {
      request: simulation,
      graph,
      days,
    }).then((r) => r.days),
};

/** What to show for any failure: the API's message, or the error's own. */
export function errorText(error: unknown): { title: string; details: string[] } {
  if (error instanceof ApiError) {
    return { title: error.message, details: error.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)) };
  }
  return { title: error instanceof Error ? error.message : String(error), details: [] };
}
