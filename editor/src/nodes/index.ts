/** The editor's node kinds: one spec per kind of the engine's node union (see spec.ts). */
import { type NodeTypes } from '@xyflow/react';
import { type NodeKind } from '@dunwell/engine/policy';
import { actionSpec } from './action';
import { conditionSpec } from './condition';
import { type NodeSpec, type NodeSpecs } from './spec';
import { splitSpec } from './split';
import { startSpec } from './start';
import { stopSpec } from './stop';
import { switchSpec } from './switch';
import { waitSpec } from './wait';

export const NODE_SPECS: NodeSpecs = {
  start: startSpec,
  condition: conditionSpec,
  switch: switchSpec,
  split: splitSpec,
  wait: waitSpec,
  action: actionSpec,
  stop: stopSpec,
};

/** Every spec, in the order the palette offers them. */
export const SPECS: ReadonlyArray<NodeSpecs[NodeKind]> = Object.values(NODE_SPECS);

/** The spec of a kind; a spec is typed by its kind, so this is where a kind's spec is looked up. */
export const specOf = <K extends NodeKind>(kind: K): NodeSpec<K> => NODE_SPECS[kind] as NodeSpec<K>;

/** A step as people name it: its title, else its logic in words ("Stop: no reason yet"); never its id. */
export const stepTitle = (content: { kind: NodeKind; label?: string | undefined }): string =>
  content.label || specOf(content.kind).describe(content as never);

/** One React Flow node component per kind. */
export const nodeTypes = Object.fromEntries(SPECS.map((s) => [s.kind, s.Node])) as NodeTypes;
