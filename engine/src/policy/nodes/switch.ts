/** `switch`: ordered cases, each a predicate, and a required `default`; the first true case wins. */
import { z } from 'zod';
import { and, compilePredicate, not, ref } from '../conditions';
import { evaluatePredicate, predicateSchema } from '../predicate';
import { names } from '../ruleset';
import { comparisonsSeen, conditionsTrace } from '../trace';
import { label, nodeBase, nodeId, plain, type NodeKindModule } from './kind';

export const switchNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal('switch'),
  cases: z.array(z.object({ id: nodeId, label, predicate: predicateSchema })).min(1),
});
export type SwitchNode = z.infer<typeof switchNodeSchema>;

const DEFAULT = 'default';

export const switchKind: NodeKindModule<SwitchNode, typeof conditionsTrace> = {
  ...plain,
  outputs: (node) => [...node.cases.map((c) => c.id), DEFAULT],
  outputLabel(node, handle) {
    if (handle === DEFAULT) return 'otherwise';
    const i = node.cases.findIndex((c) => c.id === handle);
    return i < 0 ? handle : node.cases[i]!.label || `case ${i + 1}`;
  },
  predicates: (node) =>
    node.cases.map((c, i) => ({
      scope: names.caseScope(node.id, c.id),
      path: `cases.${i}.predicate`,
      predicate: c.predicate,
    })),
  validate(node) {
    const ids = node.cases.map((c) => c.id);
    if (new Set(ids).size === ids.length && !ids.includes(DEFAULT)) return [];
    const message = 'Each case needs its own name, other than "default"';
    return [{ code: 'DUPLICATE_HANDLE', severity: 'error', message, nodeId: node.id }];
  },
  choose: (node, facts) => node.cases.find((c) => evaluatePredicate(c.predicate, facts))?.id ?? DEFAULT,
  /** Each case's predicate, and `cases.<node>.<i>`: "one of the first i + 1 cases holds", shared by the later edges. */
  define(node, { define }) {
    node.cases.forEach((c, i) => {
      const scope = names.caseScope(node.id, c.id);
      const thisCase = ref(define(names.predicate(scope), compilePredicate(c.predicate, scope)));
      define(
        names.casesUpTo(node.id, i),
        i === 0 ? thisCase : { any: [ref(names.casesUpTo(node.id, i - 1)), thisCase] },
      );
    });
  },
  edge(node, handle) {
    const i = node.cases.findIndex((c) => c.id === handle);
    const last = i === -1 ? node.cases.length - 1 : i - 1;
    const noEarlierCase = last >= 0 ? not(ref(names.casesUpTo(node.id, last))) : null;
    return and([noEarlierCase, i === -1 ? null : ref(names.predicate(names.caseScope(node.id, handle)))]);
  },
  trace: conditionsTrace,
  explain(node, context) {
    const chosen = node.cases.findIndex((c) => c.id === context.handle);
    const evaluated = chosen === -1 ? node.cases : node.cases.slice(0, chosen + 1);
    return {
      conditions: evaluated.flatMap((c) =>
        comparisonsSeen(c.predicate, names.caseScope(node.id, c.id), context).map((s) => ({
          ...s,
          caseId: c.id,
          caseLabel: switchKind.outputLabel(node, c.id),
        })),
      ),
    };
  },
};
