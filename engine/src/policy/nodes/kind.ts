/**
 * The one interface every node kind implements: its schema, outputs, validation, interpreter
 * step, compiled edges and explanation live in one module per kind (nodes/<kind>.ts). The
 * registry in nodes/index.ts maps every kind to its module, so a kind without one is a type
 * error. docs/how-to/add-a-node-kind.md walks through adding one.
 */
import { z } from 'zod';
import { type Cond } from '../conditions';
import { type Diagnostic } from '../diagnostics';
import { type Facts, type Predicate } from '../predicate';
import { type JreCondition, type TerminalEvent } from '../ruleset';
import { type ExplainContext } from '../trace';

export const nodeId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'ids use letters, digits, - and _ (at most 64)');
export const label = z.string().max(200).optional();

/** Fields every node has: identity, an optional label, and its layout (not content: see hash.ts). */
export const nodeBase = {
  id: nodeId,
  label,
  position: z.object({ x: z.number(), y: z.number() }).optional(),
  width: z.number().optional(),
  height: z.number().optional(),
};

/**
 * A predicate a node evaluates: `scope` names its compiled comparisons (`cmp:<scope>:<i>`),
 * `path` locates it in the node for diagnostics.
 */
export interface ScopedPredicate {
  scope: string;
  path: string;
  predicate: Predicate;
}

export interface ValidationContext {
  /** Whether a condition or switch on some path into the node tests the fact. */
  testedBefore(nodeId: string, fact: string): boolean;
}

export interface CompileContext {
  /** Adds a named condition to the rule set (json-rules-engine's setCondition) and returns its name. */
  define(name: string, condition: JreCondition): string;
}

/** A decision that ends at a node: its event, and what must hold for it to end here (null: always). */
export interface Terminal {
  event: TerminalEvent;
  held: Cond;
}

export interface NodeKindModule<N extends { id: string; kind: string }, T extends z.ZodRawShape = z.ZodRawShape> {
  /** Output handles, in evaluation order; none for a kind that ends every decision. */
  outputs(node: N): string[];
  /** What people read for an output, as the canvas labels it ("yes", "30+ days", "otherwise"); never an id. */
  outputLabel(node: N, handle: string): string;
  /** Predicates the node evaluates: checked against the fact catalogue, required as facts, explained. */
  predicates(node: N): ScopedPredicate[];
  /** Facts the node reads besides its predicates. */
  facts(node: N): string[];
  /** Problems of the node's own content, after its predicates' (see predicateDiagnostics). */
  validate(node: N, context: ValidationContext): Diagnostic[];
  /** Interpreter: the handle the node leaves through for these facts; undefined when the decision ends here. */
  choose(node: N, facts: Facts): string | undefined;
  /** Compiler: the named conditions the node's edges refer to. */
  define(node: N, context: CompileContext): void;
  /** Compiler: given the node is reached, the condition for leaving through `handle`. */
  edge(node: N, handle: string): Cond;
  /** Compiler: the decision that can end at the node, or undefined when none can. */
  terminal(node: N): Terminal | undefined;
  /** The fields this kind adds to a step of the explained path. */
  trace: T;
  /** Explanation: what the node saw on the path. */
  explain(node: N, context: ExplainContext): z.infer<z.ZodObject<T>>;
}

/** The trace of a kind that adds nothing to a path step. */
export type NoTrace = Record<never, never>;

/** Defaults for a kind that has no predicates, reads no facts, defines no conditions and has no rule of its own. */
export const plain = {
  predicates: (): ScopedPredicate[] => [],
  facts: (): string[] => [],
  validate: (): Diagnostic[] => [],
  define: (): void => undefined,
  terminal: (): undefined => undefined,
  trace: {},
  explain: () => ({}),
} as const;
