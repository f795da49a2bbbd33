/** The top bar: which policy, its state, history and layout tools, import/export, save and publish. */
import { useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { layoutPositions } from './canvas/layout';
import { currentGraph, useEditor } from './store';
import { download, exportDocument } from './versions/import-export';
import { PolicyPicker } from './versions/PolicyPicker';
import { PublishDialog } from './versions/PublishDialog';
import { useDraftUnchanged } from './versions/useDraftUnchanged';
import { saveDraft } from './versions/policy-actions';
import { SignedIn } from './session/SignedIn';
import { AppNav } from './ui/AppNav';

export function TopBar() {
  const policy = useEditor((s) => s.policy);
  const dirty = useEditor((s) => s.dirty);
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const errorCount = useEditor((s) => s.diagnostics.filter((d) => d.severity === 'error').length);
  const placing = useEditor((s) => s.drafting.size);
  const blocked = errorCount > 0;
  const unchanged = useDraftUnchanged();
  const diffing = useEditor((s) => s.overlay.kind === 'diff');
  const { undo, redo, moveNodes, notify } = useEditor.getState();
  const { getViewport, fitView } = useReactFlow();
  const [publishing, setPublishing] = useState(false);
  const [laying, setLaying] = useState(false);

  const autoLayout = async () => {
    setLaying(true);
    try {
      const { nodes, edges } = useEditor.getState();
      moveNodes(await layoutPositions(nodes, edges));
      requestAnimationFrame(() => void fitView({ padding: 0.2, maxZoom: 1, duration: 300 }));
    } catch (error) {
      notify({ tone: 'error', title: `Auto-layout failed: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setLaying(false);
    }
  };

  const exportJson = () => {
    if (policy) download(`${policy.id}.json`, exportDocument(policy, currentGraph()));
  };

  const status = !policy ? '' : dirty ? 'Unsaved changes' : `Saved · revision ${policy.revision}`;
  return (
    <header className="topbars">
      <div className="topbar">
        <AppNav />
        <span className="spacer" />
        <SignedIn />
      </div>
      <div className="topbar topbar--policy" role="group" aria-label="Policy">
        <PolicyPicker />
        {policy && (
          <div className="topbar__status" data-testid="draft-status">
            <span className={`dot ${dirty ? 'dot--dirty' : 'dot--saved'}`} aria-hidden />
            {status}
            <span className="topbar__version">
              {policy.activeVersion ? `Active: v${policy.activeVersion}` : 'Never published'}
            </span>
          </div>
        )}
        <span className="spacer" />
        <div className="toolbar" role="toolbar" aria-label="Edit">
          <button
            type="button"
            className="icon-button"
            onClick={undo}
            disabled={!canUndo || diffing}
            title="Undo (Ctrl+Z)"
            aria-label="Undo"
          >
            ↶
          </button>
          <button
            type="button"
            className="icon-button"
            onClick={redo}
            disabled={!canRedo || diffing}
            title="Redo (Ctrl+Shift+Z)"
            aria-label="Redo"
          >
            ↷
          </button>
          <button
            type="button"
            className="button button--ghost"
            onClick={autoLayout}
            disabled={!policy || laying || diffing}
            data-testid="auto-layout"
          >
            {laying ? 'Arranging…' : 'Auto-layout'}
          </button>
          <button
            type="button"
            className="button button--ghost"
            onClick={exportJson}
            disabled={!policy}
            data-testid="export"
          >
            Export JSON
          </button>
        </div>
        <button
          type="button"
          className="button"
          onClick={() => void saveDraft(getViewport())}
          disabled={!policy || diffing}
          data-testid="save-draft"
          title="Save draft (Ctrl+S)"
        >
          Save draft
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={() => setPublishing(true)}
          disabled={!policy || blocked || diffing || unchanged}
          title={
            blocked
              ? `Fix ${errorCount} error${errorCount === 1 ? '' : 's'} before publishing${placing > 0 ? ` (${placing} step${placing === 1 ? '' : 's'} not connected yet)` : ''}`
              : unchanged
                ? `Nothing to publish: the draft is the same as the active version ${policy?.activeVersion}`
                : 'Publish the draft as a new version'
          }
          data-testid="publish"
        >
          Publish
        </button>
        <PublishDialog open={publishing} onClose={() => setPublishing(false)} />
      </div>
    </header>
  );
}
