/** The drawing surface: React Flow wired to the store, with the connection rules, minimap and zoom controls. */
import { useCallback, useEffect, useState } from 'react';
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type FinalConnectionState,
  type Viewport,
  useNodesInitialized,
} from '@xyflow/react';
import { nodeTypes, specOf } from '../nodes';
import { useEditor } from '../store';
import { connectionProblem } from './connection-rules';
import { type FlowEdge, type FlowNode } from './flow-graph';
import { layoutPositions } from './layout';
import { PolicyEdge } from './PolicyEdge';

const edgeTypes = { policy: PolicyEdge };

/*
 * Props of <ReactFlow> and the minimap that are objects, arrays or functions live here, not inline:
 * the canvas re-renders on every drag frame (the store's nodes change), and a new snapGrid array is
 * pushed into React Flow's store each time (waking all its subscribers), a new key list re-binds the
 * key listeners, and a new nodeColor re-renders every minimap node.
 */
const SNAP_GRID: [number, number] = [10, 10];
const MULTI_SELECTION_KEYS = ['Meta', 'Control', 'Shift'];
const PRO_OPTIONS = { hideAttribution: true };
const minimapColor = (n: FlowNode) => specOf(n.type).color;
/** Small enough to leave a laptop screen's canvas its steps; it folds away with its button. */
const MINIMAP_SIZE = { width: 150, height: 100 };

export const CANVAS_ID = 'policy-canvas';

export function Canvas() {
  const diffing = useEditor((s) => s.overlay.kind === 'diff');
  const nodes = useEditor((s) => (s.overlay.kind === 'diff' ? s.overlay.nodes : s.nodes));
  const edges = useEditor((s) => (s.overlay.kind === 'diff' ? s.overlay.edges : s.edges));
  const focus = useEditor((s) => s.focus);
  const policyId = useEditor((s) => s.policy?.id);
  const { onNodesChange, onEdgesChange, connect, beginDrag, endDrag, notify } = useEditor.getState();
  const { setCenter, getInternalNode, getZoom, fitView, setViewport } = useReactFlow<FlowNode, FlowEdge>();
  const [showMap, setShowMap] = useState(true);

  // A policy opens where it was last saved from, or fitted to the screen: also when that view,
  // saved on a larger screen, would leave its start out of this one.
  useEffect(() => {
    if (!policyId) return;
    const { savedViewport, needsLayout, nodes } = useEditor.getState();
    if (needsLayout) return;
    const rect = document.getElementById(CANVAS_ID)?.getBoundingClientRect();
    const start = nodes.find((n) => n.type === 'start');
    const shows = (view: Viewport) => {
      if (!rect || !start) return true;
      const x = start.position.x * view.zoom + view.x;
      const y = start.position.y * view.zoom + view.y;
      return x >= 0 && y >= 0 && x + 120 * view.zoom <= rect.width && y + 60 * view.zoom <= rect.height;
    };
    if (savedViewport && shows(savedViewport)) void setViewport(savedViewport);
    else void fitView({ padding: 0.2, maxZoom: 1 });
  }, [policyId, fitView, setViewport]);

  // One drawn without a layout (created through the API) is laid out once its nodes are measured.
  const measured = useNodesInitialized();
  useEffect(() => {
    const { needsLayout, nodes, edges, placeNodes, notify } = useEditor.getState();
    if (!measured || !needsLayout) return;
    layoutPositions(nodes, edges).then(
      (positions) => {
        if (useEditor.getState().policy?.id !== policyId) return;
        placeNodes(positions);
        void fitView({ padding: 0.2, maxZoom: 1 });
      },
      (error: unknown) =>
        notify({
          tone: 'error',
          title: `Auto-layout failed: ${error instanceof Error ? error.message : String(error)}`,
        }),
    );
  }, [measured, policyId, fitView]);

  const isValidConnection = useCallback((c: Connection | Edge) => {
    const state = useEditor.getState();
    return (
      connectionProblem(state.nodes, state.edges, {
        source: c.source,
        sourceHandle: c.sourceHandle ?? null,
        target: c.target,
      }) === undefined
    );
  }, []);

  // A refused connection says why, so the user is not left guessing.
  const onConnectEnd = useCallback(
    (_: MouseEvent | TouchEvent, connection: FinalConnectionState) => {
      if (connection.isValid !== false || !connection.fromNode || !connection.toNode) return;
      const state = useEditor.getState();
      const problem = connectionProblem(state.nodes, state.edges, {
        source: connection.fromNode.id,
        sourceHandle: connection.fromHandle?.id ?? null,
        target: connection.toNode.id,
      });
      if (problem) notify({ tone: 'info', title: problem });
    },
    [notify],
  );

  useEffect(() => {
    if (!focus) return;
    const node = getInternalNode(focus.nodeId);
    if (!node) return;
    const { x, y } = node.internals.positionAbsolute;
    setCenter(x + (node.measured.width ?? 0) / 2, y + (node.measured.height ?? 0) / 2, {
      zoom: Math.max(getZoom(), 0.8),
      duration: 300,
    });
  }, [focus, getInternalNode, setCenter, getZoom]);

  return (
    <div className={`canvas${diffing ? ' canvas--readonly' : ''}`} id={CANVAS_ID}>
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={connect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDragStart={beginDrag}
        onNodeDragStop={endDrag}
        onSelectionDragStart={beginDrag}
        onSelectionDragStop={endDrag}
        nodesDraggable={!diffing}
        nodesConnectable={!diffing}
        elementsSelectable={!diffing}
        deleteKeyCode={null}
        // Tab walks the steps, not every connection first (edges come first in the page); a step's
        // connections are chosen from the keyboard under Connections in the inspector.
        edgesFocusable={false}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_SELECTION_KEYS}
        snapToGrid
        snapGrid={SNAP_GRID}
        minZoom={0.1}
        maxZoom={2}
        proOptions={PRO_OPTIONS}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#cbd5e1" />
        {showMap && <MiniMap pannable zoomable nodeColor={minimapColor} nodeBorderRadius={6} style={MINIMAP_SIZE} />}
        <Controls showInteractive={false}>
          <ControlButton
            onClick={() => setShowMap(!showMap)}
            aria-label={showMap ? 'Hide the map' : 'Show the map'}
            title={showMap ? 'Hide the map' : 'Show the map'}
            data-testid="toggle-map"
          >
            ▦
          </ControlButton>
        </Controls>
      </ReactFlow>
    </div>
  );
}
