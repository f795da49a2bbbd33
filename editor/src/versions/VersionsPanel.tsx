/**
 * The policy's published versions: which one is active, a visual diff of any two (or of the
 * saved draft), and activating an older one (rollback) after a confirmation.
 */
import { useEffect, useState } from 'react';
import { api, errorText, type VersionSummary } from '../api';
import { useEditor } from '../store';
import { Dialog } from '../ui/Dialog';
import { showDiff } from './diff-view';
import { activate, restoreVersion } from './policy-actions';

const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export function VersionsPanel() {
  const policy = useEditor((s) => s.policy);
  const notify = useEditor((s) => s.notify);
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [confirming, setConfirming] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!policy) return;
    let current = true;
    api.listVersions(policy.id).then(
      (items) => {
        if (!current) return;
        const newest = [...items].sort((a, b) => b.version - a.version);
        setVersions(newest);
        setTo(newest[0] ? String(newest[0].version) : 'draft');
        setFrom(newest[1] ? String(newest[1].version) : newest[0] ? String(newest[0].version) : 'draft');
      },
      (error) => notify({ tone: 'error', ...errorText(error) }),
    );
    return () => {
      current = false;
    };
    // Refetched whenever the policy changes: another one opened, a version published or activated.
  }, [policy, notify]);

  if (!policy) return null;

  const compare = async () => {
    setBusy(true);
    try {
      await showDiff(policy.id, from, to);
    } catch (error) {
      const { title, details } = errorText(error);
      notify({ tone: 'error', title: `The comparison failed: ${title}`, details });
    } finally {
      setBusy(false);
    }
  };

  const refs = [
    ...versions.map((v) => ({ value: String(v.version), label: `v${v.version}${v.active ? ' (active)' : ''}` })),
    { value: 'draft', label: 'Saved draft' },
  ];
  const active = versions.find((v) => v.active)?.version;
  return (
    <div className="versions" data-testid="versions-panel">
      <h2 className="panel-title">Versions</h2>
      {versions.length === 0 ? (
        <p className="section-hint">Nothing published yet. Publish the draft to create version 1.</p>
      ) : (
        <>
          <section className="inspector__section">
            <h3 className="section-title">Compare</h3>
            <div className="field-row">
              <select
                className="input"
                aria-label="Compare from"
                value={from}
                onChange={(e) => setFrom(e.target.value)}
                data-testid="diff-from"
              >
                {refs.map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.label}
                  </option>
                ))}
              </select>
              <span aria-hidden>→</span>
              <select
                className="input"
                aria-label="Compare to"
                value={to}
                onChange={(e) => setTo(e.target.value)}
                data-testid="diff-to"
              >
                {refs.map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.label}
                  </option>
                ))}
              </select>
            </div>
            <button
              type="button"
              className="button"
              onClick={compare}
              disabled={busy || from === to}
              data-testid="diff-show"
            >
              Show differences
            </button>
          </section>
          <ol className="version-list" data-testid="version-list">
            {versions.map((v) => (
              <li
                key={v.version}
                className={`version ${v.active ? 'is-active' : ''}`}
                data-testid={`version-${v.version}`}
              >
                <div className="version__head">
                  <strong>Version {v.version}</strong>
                  {v.active && <span className="tag tag--active">Active</span>}
                </div>
                <p className="version__note">{v.note || <em>No note</em>}</p>
                <p className="version__meta">
                  {when(v.publishedAt)} ·{' '}
                  <code title={v.contentHash}>{v.contentHash.replace(/^sha256:/, '').slice(0, 8)}</code>
                </p>
                <div className="version__actions">
                  {!v.active && (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => setConfirming(v.version)}
                      data-testid={`activate-${v.version}`}
                    >
                      {active && v.version < active ? 'Roll back to this version' : 'Activate'}
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button--small button--ghost"
                    onClick={() => void restoreVersion(v.version)}
                    data-testid={`restore-${v.version}`}
                    title="Make the draft this version again; nothing is published"
                  >
                    Restore into draft
                  </button>
                </div>
              </li>
            ))}
          </ol>
        </>
      )}
      <Dialog
        open={confirming !== null}
        onClose={() => setConfirming(null)}
        title={`Activate version ${confirming}?`}
        testId="activate-dialog"
        footer={
          <>
            <button type="button" className="button" onClick={() => setConfirming(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="button button--danger"
              data-testid="activate-confirm"
              onClick={async () => {
                const version = confirming!;
                setConfirming(null);
                await activate(version);
              }}
            >
              Activate version {confirming}
            </button>
          </>
        }
      >
        <p>
          From now on, decisions for <strong>{policy.name}</strong> use version {confirming}
          {active ? ` instead of version ${active}` : ''}. The draft you are editing does not change (you can restore
          this version into it afterwards), and you can activate another version at any time.
        </p>
      </Dialog>
    </div>
  );
}
