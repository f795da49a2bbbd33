/** Helpers for the editor's component tests: what React Flow needs from a browser, and a policy loaded into the store. */
import { render } from '@testing-library/react';
import { ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { type PolicyGraph } from '@dunwell/engine/policy';
import { nodeTypes } from './nodes';
import { useEditor } from './store';

/** jsdom has no layout: React Flow measures with these. */
export function mockBrowserLayout() {
  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  class DOMMatrixStub {
    m22: number;
    constructor(transform?: string) {
      const scale = transform?.match(/scale\(([\d.]+)\)/)?.[1];
      this.m22 = scale ? Number(scale) : 1;
    }
  }
  Object.assign(globalThis, { ResizeObserver: ResizeObserverStub, DOMMatrixReadOnly: DOMMatrixStub });
  Object.defineProperties(HTMLElement.prototype, {
    offsetWidth: { configurable: true, get: () => 240 },
    offsetHeight: { configurable: true, get: () => 100 },
  });
}

export function loadPolicy(graph: PolicyGraph) {
  useEditor.getState().load(
    {
      id: 'test-policy',
      name: 'Test policy',
      description: '',
      revision: 1,
      activeVersion: null,
      scheduledActivation: null,
    },
    graph,
  );
}

/** The store's graph on a real React Flow canvas, with the editor's node components. */
export function renderCanvas(graph: PolicyGraph) {
  loadPolicy(graph);
  const { nodes, edges } = useEditor.getState();
  return render(
    <ReactFlowProvider>
      <div style={{ width: 1000, height: 800 }}>
        <ReactFlow nodes={nodes} edges={edges} nodeTypes={nodeTypes} />
      </div>
    </ReactFlowProvider>,
  );
}
