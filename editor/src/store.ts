/**
 * The editor's one store: the policy being edited, its graph as React Flow draws it, the undo
 * history, the diagnostics of the graph, what the canvas overlays (a simulated path or a diff)
 * and the notices shown to the user. Every edit of the graph goes through `commit`, which keeps
 * history and diagnostics in step.
 */
import { create } from 'zustand';
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type Viewport,
  type XYPosition,
} from '@xyflow/react';
import { outputHandles, validateGraph, type Diagnostic, type NodeKind, type PolicyGraph } from '@dunwell/engine/policy';
import { connectionProblem } from './canvas/connection-rules';
import {
  flowNode,
  freshId,
  toFlow,
  toFlowEdge,
  toGraph,
  withContent,
  type FlowEdge,
  type FlowNode,
  type NodeContent,
} from './canvas/flow-graph';
import { type NodeSpec } from './nodes/spec';
import { type ScheduledActivation } from './api';

export interface PolicyMeta {
  id: string;
  name: string;
  description: string;
  revision: number;
  activeVersion: number | null;
  scheduledActivation: ScheduledActivation | null;
}

export type Mark = 'path' | 'off-path' | 'added' | 'removed' | 'changed' | 'unchanged';

export type Overlay =
  | { kind: 'none' }
  | { kind: 'path'; title: string; nodes: ReadonlySet<string>; edges: ReadonlySet<string> }
  | {
      kind: 'diff';
      from: string;
      to: string;
      nodes: FlowNode[];
      edges: FlowEdge[];
      nodeMarks: ReadonlyMap<string, Mark>;
      edgeMarks: ReadonlyMap<string, Mark>;
      counts: { added: number; removed: number; changed: number };
      /** Every change in words: old → new for each changed step, steps and connections added or removed. */
      words: string[];
    };

export interface Notice {
  id: number;
  tone: 'error' | 'success' | 'info';
  title: string;
  details?: string[];
  /** A way out, e.g. reloading a draft someone else saved. */
  action?: { label: string; run: () => void };
}

interface Snapshot {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

const HISTORY_LIMIT = 200;
/** How long a success or info notice stays; errors stay until dismissed. */
const NOTICE_MS = 4000;
/** Keystrokes in one field within this time undo together. */
const COALESCE_MS = 1200;

export interface EditorState {
  policy: PolicyMeta | null;
  /** Where the draft was last looked at, restored when it is opened. */
  savedViewport: Viewport | undefined;
  /** The draft came without a layout (e.g. created through the API): the canvas lays it out on opening. */
  needsLayout: boolean;
  nodes: FlowNode[];
  edges: FlowEdge[];
  past: Snapshot[];
  future: Snapshot[];
  dirty: boolean;
  /** Every problem of the graph: what publishing and simulating are gated on. */
  diagnostics: Diagnostic[];
  /**
   * Steps added in this session that were never connected yet. Until one is, it shows one gentle
   * hint instead of its structure errors (not reached, leads nowhere, outputs open), which would
   * otherwise pile up while a policy is being drawn.
   */
  drafting: ReadonlySet<string>;
  /** The problems people are shown: every diagnostic but the structure errors of steps still being placed. */
  shownDiagnostics: Diagnostic[];
  problemsByNode: ReadonlyMap<string, Diagnostic[]>;
  problemsByEdge: ReadonlyMap<string, Diagnostic[]>;
  overlay: Overlay;
  clipboard: Snapshot | null;
  /** Asks the canvas to bring a node into view; `seq` makes a repeated request a new one. */
  focus: { nodeId: string; seq: number } | null;
  notices: Notice[];

  load(policy: PolicyMeta, graph: PolicyGraph): void;
  /**
   * The engine saved `graph` as draft `revision`. The draft is clean only if the canvas still
   * holds that graph: an edit made while the save was in flight stays unsaved, with its own diagnostics.
   */
  markSaved(revision: number, diagnostics: Diagnostic[], graph: PolicyGraph): void;
  setPolicyMeta(patch: Partial<PolicyMeta>): void;
  onNodesChange(changes: NodeChange<FlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<FlowEdge>[]): void;
  beginDrag(): void;
  endDrag(): void;
  connect(connection: Connection): void;
  /** Points a step's output at `target` (null: at nothing), replacing what it led to; refused as connect would. */
  setOutput(source: string, handle: string, target: string | null): string | undefined;
  /** Adds a step of the spec's kind, with the content the spec starts it with; returns its id. */
  addNode(spec: Pick<NodeSpec<NodeKind>, 'kind' | 'create'>, position: XYPosition): string;
  updateNode(id: string, update: (content: NodeContent) => NodeContent, coalesceKey?: string): void;
  deleteSelection(): void;
  deleteEdge(id: string): void;
  copySelection(): void;
  paste(): void;
  selectAll(): void;
  selectNode(id: string | null): void;
  moveNodes(positions: ReadonlyMap<string, XYPosition>): void;
  /** Lays out a draft that came without positions; not an edit to undo. */
  placeNodes(positions: ReadonlyMap<string, XYPosition>): void;
  replaceGraph(graph: PolicyGraph): void;
  undo(): void;
  redo(): void;
  setOverlay(overlay: Overlay): void;
  notify(notice: Omit<Notice, 'id'>): void;
  dismiss(id: number): void;
}

function groupBy(diagnostics: Diagnostic[], key: 'nodeId' | 'edgeId'): Map<string, Diagnostic[]> {
  const map = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const id = d[key];
    if (id !== undefined) map.set(id, [...(map.get(id) ?? []), d]);
  }
  return map;
}

/** What a step that is not connected yet is bound to have: said once, as a hint, while it is being placed. */
const PLACING_CODES: ReadonlySet<string> = new Set([
  'UNREACHABLE_NODE',
  'DEAD_END',
  'MISSING_BRANCH',
  'MISSING_REASON',
]);

function diagnosticsState(diagnostics: Diagnostic[], drafting: ReadonlySet<string>) {
  const shown = diagnostics.filter((d) => !(d.nodeId && drafting.has(d.nodeId) && PLACING_CODES.has(d.code)));
  return {
    diagnostics,
    drafting,
    shownDiagnostics: shown,
    problemsByNode: groupBy(shown, 'nodeId'),
    problemsByEdge: groupBy(shown, 'edgeId'),
  };
}

/** Steps still being placed: those of `drafting` that exist and that no connection touches yet. */
function stillDrafting(drafting: ReadonlySet<string>, nodes: FlowNode[], edges: FlowEdge[]): ReadonlySet<string> {
  if (drafting.size === 0) return drafting;
  const ids = new Set(nodes.map((n) => n.id));
  const touched = new Set(edges.flatMap((e) => [e.source, e.target]));
  return new Set([...drafting].filter((id) => ids.has(id) && !touched.has(id)));
}

/** The same validation the engine runs on save and publish. */
const validate = (nodes: FlowNode[], edges: FlowEdge[], drafting: ReadonlySet<string> = new Set()) =>
  diagnosticsState(validateGraph(toGraph(nodes, edges)), stillDrafting(drafting, nodes, edges));

let noticeSeq = 0;
let focusSeq = 0;
let dragStart: Snapshot | null = null;
let lastCoalesce: { key: string; at: number } | null = null;

export const useEditor = create<EditorState>()((set, get) => {
  /**
   * Applies an edit of the graph's content: the state before it goes on the undo stack (unless
   * it continues the same field's typing), the diagnostics are recomputed, and any overlay
   * drawn for the old graph is dropped.
   */
  const commit = (next: Partial<Snapshot> & { drafting?: ReadonlySet<string> }, coalesceKey?: string) => {
    const state = get();
    const now = Date.now();
    const continues =
      coalesceKey !== undefined && lastCoalesce?.key === coalesceKey && now - lastCoalesce.at < COALESCE_MS;
    lastCoalesce = coalesceKey === undefined ? null : { key: coalesceKey, at: now };
    const nodes = next.nodes ?? state.nodes;
    const edges = next.edges ?? state.edges;
    set({
      nodes,
      edges,
      past: continues ? state.past : [...state.past, { nodes: state.nodes, edges: state.edges }].slice(-HISTORY_LIMIT),
      future: [],
      dirty: true,
      overlay: state.overlay.kind === 'path' ? { kind: 'none' } : state.overlay,
      ...validate(nodes, edges, next.drafting ?? state.drafting),
    });
  };

  const restore = (snapshot: Snapshot) => ({
    ...snapshot,
    dirty: true,
    overlay: { kind: 'none' } as Overlay,
    ...validate(snapshot.nodes, snapshot.edges, get().drafting),
  });

  return {
    policy: null,
    savedViewport: undefined,
    needsLayout: false,
    nodes: [],
    edges: [],
    past: [],
    future: [],
    dirty: false,
    ...diagnosticsState([], new Set()),
    overlay: { kind: 'none' },
    clipboard: null,
    focus: null,
    notices: [],

    load(policy, graph) {
      const { nodes, edges } = toFlow(graph);
      lastCoalesce = null;
      set({
        policy,
        savedViewport: graph.viewport,
        needsLayout: graph.nodes.some((n) => !n.position),
        nodes,
        edges,
        past: [],
        future: [],
        dirty: false,
        overlay: { kind: 'none' },
        // An empty canvas: its start is the first step being placed.
        ...validate(nodes, edges, edges.length === 0 && nodes.length === 1 ? new Set([nodes[0]!.id]) : new Set()),
      });
    },

    markSaved(revision, diagnostics, graph) {
      const { policy, nodes, edges } = get();
      if (!policy) return;
      const { viewport: _saved, ...content } = graph;
      const unchanged = JSON.stringify(toGraph(nodes, edges)) === JSON.stringify(content);
      set({
        policy: { ...policy, revision },
        ...(unchanged ? { dirty: false, ...diagnosticsState(diagnostics, get().drafting) } : {}),
      });
    },

    setPolicyMeta(patch) {
      const { policy } = get();
      if (policy) set({ policy: { ...policy, ...patch } });
    },

    onNodesChange(changes) {
      // Selection, measuring and dragging are not edits: dragging is recorded once, by endDrag.
      const removals = changes.filter((c) => c.type === 'remove').map((c) => c.id);
      const others = changes.filter((c) => c.type !== 'remove');
      if (others.length > 0) set({ nodes: applyNodeChanges(others, get().nodes) });
      if (removals.length > 0) {
        const gone = new Set(removals);
        const { nodes, edges } = get();
        commit({
          nodes: nodes.filter((n) => !gone.has(n.id)),
          edges: edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
        });
      }
    },

    onEdgesChange(changes) {
      const removals = changes.filter((c) => c.type === 'remove');
      const others = changes.filter((c) => c.type !== 'remove');
      if (others.length > 0) set({ edges: applyEdgeChanges(others, get().edges) });
      if (removals.length > 0) commit({ edges: applyEdgeChanges(removals, get().edges) });
    },

    beginDrag() {
      const { nodes, edges } = get();
      dragStart = { nodes, edges };
    },

    endDrag() {
      const before = dragStart;
      dragStart = null;
      const { nodes, past } = get();
      if (!before) return;
      const moved = nodes.some((n, i) => {
        const old = before.nodes[i];
        return !old || old.id !== n.id || old.position.x !== n.position.x || old.position.y !== n.position.y;
      });
      // A move is a change of the draft (layout is saved) but not of its meaning: no re-validation.
      if (moved) set({ past: [...past, before].slice(-HISTORY_LIMIT), future: [], dirty: true });
    },

    connect(connection) {
      const { nodes, edges } = get();
      const wire = { source: connection.source, sourceHandle: connection.sourceHandle, target: connection.target };
      if (connectionProblem(nodes, edges, wire)) return;
      const id = freshId('e', new Set(edges.map((e) => e.id)));
      commit({
        edges: [
          ...edges,
          toFlowEdge({ id, source: wire.source, sourceHandle: wire.sourceHandle!, target: wire.target }),
        ],
      });
    },

    setOutput(source, handle, target) {
      const { nodes, edges } = get();
      const others = edges.filter((e) => !(e.source === source && e.sourceHandle === handle));
      if (target === null) {
        if (others.length !== edges.length) commit({ edges: others });
        return undefined;
      }
      const problem = connectionProblem(nodes, others, { source, sourceHandle: handle, target });
      if (problem) return problem;
      const id = freshId('e', new Set(edges.map((e) => e.id)));
      commit({ edges: [...others, toFlowEdge({ id, source, sourceHandle: handle, target })] });
      return undefined;
    },

    addNode(spec, position) {
      const { nodes } = get();
      const id = freshId(`${spec.kind}-`, new Set(nodes.map((n) => n.id)));
      const node = flowNode(spec.create(id), position, true);
      commit({
        nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node],
        drafting: new Set([...get().drafting, id]),
      });
      return id;
    },

    updateNode(id, update, coalesceKey) {
      const { nodes, edges } = get();
      const node = nodes.find((n) => n.id === id);
      if (!node) return;
      const content = update(node.data.content);
      // A removed case or arm takes its connection with it.
      const handles = new Set(outputHandles(content));
      commit(
        {
          nodes: nodes.map((n) => (n.id === id ? withContent(n, content) : n)),
          edges: edges.filter((e) => e.source !== id || handles.has(e.sourceHandle)),
        },
        coalesceKey && `${id}:${coalesceKey}`,
      );
    },

    deleteSelection() {
      const { nodes, edges } = get();
      const gone = new Set(nodes.filter((n) => n.selected && n.deletable !== false).map((n) => n.id));
      const keptEdges = edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
      if (gone.size === 0 && keptEdges.length === edges.length) return;
      commit({ nodes: nodes.filter((n) => !gone.has(n.id)), edges: keptEdges });
    },

    deleteEdge(id) {
      commit({ edges: get().edges.filter((e) => e.id !== id) });
    },

    copySelection() {
      const { nodes, edges } = get();
      const picked = nodes.filter((n) => n.selected && n.type !== 'start');
      const ids = new Set(picked.map((n) => n.id));
      if (picked.length === 0) return;
      set({ clipboard: { nodes: picked, edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)) } });
    },

    paste() {
      const { clipboard, nodes, edges } = get();
      if (!clipboard) return;
      const takenNodes = new Set(nodes.map((n) => n.id));
      const renamed = new Map<string, string>();
      const pasted = clipboard.nodes.map((n) => {
        const id = freshId(`${n.type}-`, takenNodes);
        takenNodes.add(id);
        renamed.set(n.id, id);
        const position = { x: n.position.x + 40, y: n.position.y + 40 };
        return { ...withContent(n, { ...n.data.content, id }), id, selected: true, position };
      });
      const takenEdges = new Set(edges.map((e) => e.id));
      const pastedEdges = clipboard.edges.map((e) => {
        const id = freshId('e', takenEdges);
        takenEdges.add(id);
        return { ...e, id, source: renamed.get(e.source)!, target: renamed.get(e.target)!, selected: false };
      });
      commit({
        nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted],
        edges: [...edges, ...pastedEdges],
      });
      // Pasting again lands further along instead of on top of this copy.
      set({ clipboard: { nodes: pasted.map((n) => ({ ...n, selected: false })), edges: pastedEdges } });
    },

    selectAll() {
      set({
        nodes: get().nodes.map((n) => ({ ...n, selected: true })),
        edges: get().edges.map((e) => ({ ...e, selected: false })),
      });
    },

    selectNode(id) {
      set({
        nodes: get().nodes.map((n) => (n.selected === (n.id === id) ? n : { ...n, selected: n.id === id })),
        edges: get().edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
        focus: id ? { nodeId: id, seq: ++focusSeq } : get().focus,
      });
    },

    moveNodes(positions) {
      commit({ nodes: get().nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)) });
    },

    placeNodes(positions) {
      set({
        needsLayout: false,
        nodes: get().nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)),
      });
    },

    replaceGraph(graph) {
      const { nodes, edges } = toFlow(graph);
      commit({ nodes, edges });
    },

    undo() {
      const { past, future, nodes, edges } = get();
      const previous = past.at(-1);
      if (!previous) return;
      lastCoalesce = null;
      set({ past: past.slice(0, -1), future: [{ nodes, edges }, ...future], ...restore(previous) });
    },

    redo() {
      const { past, future, nodes, edges } = get();
      const next = future[0];
      if (!next) return;
      lastCoalesce = null;
      set({ past: [...past, { nodes, edges }], future: future.slice(1), ...restore(next) });
    },

    setOverlay(overlay) {
      set({ overlay });
    },

    notify(notice) {
      const id = ++noticeSeq;
      // A notice said again replaces the earlier one instead of stacking under it.
      const others = get().notices.filter((n) => n.title !== notice.title);
      set({ notices: [...others.slice(-2), { ...notice, id }] });
      if (notice.tone !== 'error') setTimeout(() => get().dismiss(id), NOTICE_MS);
    },

    dismiss(id) {
      set({ notices: get().notices.filter((n) => n.id !== id) });
    },
  };
});

/** The current graph in the engine's shape. */
export const currentGraph = (): PolicyGraph => {
  const { nodes, edges } = useEditor.getState();
  return toGraph(nodes, edges);
};
