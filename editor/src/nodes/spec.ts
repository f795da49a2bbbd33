/**
 * What the editor knows of a node kind, in one spec per kind (nodes/<kind>.tsx): its name,
 * look, starting content, logic in words, canvas node and inspector form. The registry in
 * nodes/index.ts has one per kind of the engine's node union, so a kind without one does not compile.
 */
import { type ComponentType } from 'react';
import { type NodeProps } from '@xyflow/react';
import { type NodeKind } from '@dunwell/engine/policy';
import { type ContentOf, type FlowNodeOf } from '../canvas/flow-graph';

export interface KindFormProps<K extends NodeKind> {
  content: ContentOf<K>;
  /** Replaces the content; edits with the same key in quick succession undo together. */
  update: (content: ContentOf<K>, coalesceKey?: string) => void;
}

export interface NodeSpec<K extends NodeKind> {
  kind: K;
  title: string;
  /** One line for the palette: what the step does. */
  blurb: string;
  /** A short glyph drawn in the node header and the palette. */
  glyph: string;
  /** The kind's colour, as styles.css has it (--k-<kind>), for the minimap. */
  color: string;
  /** The content a step dropped from the palette starts with: valid, and easy to adjust. */
  create(id: string): ContentOf<K>;
  /** The step's logic in one line a finance user reads. */
  describe(content: ContentOf<K>): string;
  /** The step on the canvas. */
  Node: ComponentType<NodeProps<FlowNodeOf<K>>>;
  /** The step's own fields in the inspector (the name is common to every kind). */
  Form: ComponentType<KindFormProps<K>>;
}

export type NodeSpecs = { readonly [K in NodeKind]: NodeSpec<K> };
