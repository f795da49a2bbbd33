/** The policy graph: the one schema shared by the store, the API, the editor and the compiler. */
import { z } from 'zod';
import { ACTION_TYPES } from './facts';

export const OPERATORS = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
] as const;
export type Operator = (typeof OPERATORS)[number];

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'ids use letters, digits, - and _ (at most 64)');
const position = z.object({ x: z.number(), y: z.number() });

export const scalarValue = z.union([z.number(), z.boolean(), z.string()]);
export const comparisonSchema = z.object({
  fact: z.string().min(1),
  operator: z.enum(OPERATORS),
  value: z.union([scalarValue, z.array(z.union([z.number(), z.string()]))]),
});
export type Comparison = z.infer<typeof comparisonSchema>;

export type Predicate = Comparison | { all: Predicate[] } | { any: Predicate[] };
export const predicateSchema: z.ZodType<Predicate> = z
  .lazy(() =>
    z.union([
      comparisonSchema.strict(),
      z.object({ all: z.array(predicateSchema).min(1) }).strict(),
      z.object({ any: z.array(predicateSchema).min(1) }).strict(),
    ]),
  )
  .meta({ id: 'Predicate' });

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const ESCALATION_TARGETS = ['collector', 'agency', 'legal'] as const;

export const actionSchema = z.object({
  type: z.enum(ACTION_TYPES),
  template: z.string().max(200).default(''),
  level: z.number().int().min(0).max(10).default(1),
  priority: z.enum(PRIORITIES).default('normal'),
  /** Channel used instead when the customer has not consented to `type`. */
  fallback: z.enum(ACTION_TYPES).optional(),
  /** Who takes over an `escalate` action. */
  target: z.enum(ESCALATION_TARGETS).optional(),
});
export type Action = z.infer<typeof actionSchema>;

const base = {
  id,
  label: z.string().max(200).optional(),
  position: position.optional(),
  width: z.number().optional(),
  height: z.number().optional(),
};

export const nodeSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('start') }),
  z.object({ ...base, kind: z.literal('condition'), predicate: predicateSchema }),
  z.object({
    ...base,
    kind: z.literal('switch'),
    cases: z.array(z.object({ id, label: z.string().max(200).optional(), predicate: predicateSchema })).min(1),
  }),
  z.object({
    ...base,
    kind: z.literal('split'),
    arms: z
      .array(z.object({ id, label: z.string().max(200).optional(), weight: z.number().int().min(0).max(100) }))
      .min(2),
  }),
  z.object({ ...base, kind: z.literal('wait'), fact: z.string().min(1), days: z.number().int().min(-3650).max(3650) }),
  z.object({ ...base, kind: z.literal('action'), action: actionSchema }),
  z.object({ ...base, kind: z.literal('stop'), reason: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/) }),
]);
export type PolicyNode = z.infer<typeof nodeSchema>;
export type NodeKind = PolicyNode['kind'];
export type NodeOf<K extends NodeKind> = Extract<PolicyNode, { kind: K }>;

export const edgeSchema = z.object({
  id,
  source: z.string(),
  sourceHandle: z.string(),
  target: z.string(),
});
export type PolicyEdge = z.infer<typeof edgeSchema>;

export const graphSchema = z.object({
  nodes: z.array(nodeSchema).max(5000),
  edges: z.array(edgeSchema).max(20000),
  viewport: z.object({ x: z.number(), y: z.number(), zoom: z.number() }).optional(),
});
export type PolicyGraph = z.infer<typeof graphSchema>;

export const TERMINAL_KINDS: ReadonlySet<NodeKind> = new Set(['action', 'stop']);

/** The output handles a node offers, in evaluation order. */
export function outputHandles(node: PolicyNode): string[] {
  switch (node.kind) {
    case 'start':
    case 'wait':
      return ['next'];
    case 'condition':
      return ['yes', 'no'];
    case 'switch':
      return [...node.cases.map((c) => c.id), 'default'];
    case 'split':
      return node.arms.map((a) => a.id);
    case 'action':
    case 'stop':
      return [];
  }
}

export function isComparison(p: Predicate): p is Comparison {
  return 'fact' in p;
}

/** Every comparison of a predicate, depth first, in declared order. */
export function comparisonsOf(p: Predicate): Comparison[] {
  if (isComparison(p)) return [p];
  return ('all' in p ? p.all : p.any).flatMap(comparisonsOf);
}

/** A policy as exported and imported: its name and its graph. */
export const policyDocumentSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
    .optional(),
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  graph: graphSchema,
});
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
