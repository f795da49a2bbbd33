/**
 * A split node's live results (GET /v1/experiments/{policy}/{node}), shared by the node on the
 * canvas and the inspector: read once per policy and node, again after `forgetExperiments()`.
 * Only nodes that decisions went through (GET /v1/experiments) are asked for.
 */
import { useEffect, useState } from 'react';
import { api, type ExperimentReport } from '../api';

type Loaded = { state: 'loading' } | { state: 'none' } | { state: 'ready'; report: ExperimentReport };

const cache = new Map<string, Promise<Loaded>>();
let decided: Promise<Set<string>> | undefined;

const keyOf = (policyId: string, nodeId: string) => `${policyId}\u001f${nodeId}`;

function load(policyId: string, nodeId: string): Promise<Loaded> {
  const key = keyOf(policyId, nodeId);
  let entry = cache.get(key);
  if (!entry) {
    decided ??= api.listExperiments().then((items) => new Set(items.map((e) => keyOf(e.policyId, e.splitNodeId))));
    entry = decided
      .then((known) => (known.has(key) ? api.experiment(policyId, nodeId) : undefined))
      .then(
        (report): Loaded => (report ? { state: 'ready', report } : { state: 'none' }),
        // Unreadable now: no results shown, and asked again next time.
        (): Loaded => {
          cache.delete(key);
          decided = undefined;
          return { state: 'none' };
        },
      );
    cache.set(key, entry);
  }
  return entry;
}

export function forgetExperiments(): void {
  cache.clear();
  decided = undefined;
}

export function useExperiment(policyId: string | undefined, nodeId: string): Loaded {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    if (!policyId) return;
    let current = true;
    void load(policyId, nodeId).then((l) => current && setLoaded(l));
    return () => {
      current = false;
    };
  }, [policyId, nodeId]);
  return loaded;
}
