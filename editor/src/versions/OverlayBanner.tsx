/** Says what the canvas is showing besides the draft (a diff, a simulated path), and how to go back. */
import { useEditor } from '../store';

const refName = (ref: string) => (ref === 'draft' ? 'saved draft' : `v${ref}`);

export function OverlayBanner() {
  const overlay = useEditor((s) => s.overlay);
  const setOverlay = useEditor((s) => s.setOverlay);
  if (overlay.kind === 'none') return null;
  const back = () => setOverlay({ kind: 'none' });
  if (overlay.kind === 'diff') {
    const { added, removed, changed } = overlay.counts;
    return (
      <div className="banner banner--diff" role="status" data-testid="diff-banner">
        <div className="banner__row">
          <strong>
            Comparing {refName(overlay.from)} → {refName(overlay.to)}
          </strong>
          <span className="legend legend--added">{added} added</span>
          <span className="legend legend--changed">{changed} changed</span>
          <span className="legend legend--removed">{removed} removed</span>
          <span className="spacer" />
          <button type="button" className="button button--small" onClick={back} data-testid="diff-close">
            Back to the draft
          </button>
        </div>
        {overlay.words.length > 0 && (
          <details className="banner__details" open={overlay.words.length <= 6}>
            <summary>What changed, in words</summary>
            <ul data-testid="diff-words">
              {overlay.words.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          </details>
        )}
      </div>
    );
  }
  return (
    <div className="banner banner--path" role="status" data-testid="path-banner">
      <strong>Simulated path:</strong> {overlay.title}
      <span className="spacer" />
      <button type="button" className="button button--small" onClick={back}>
        Clear
      </button>
    </div>
  );
}
