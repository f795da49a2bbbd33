/**
 * The policy's published versions: which one is active and which is scheduled, who wrote and
 * published each, a visual diff of any two (or of the saved draft), and activating another one
 * (a rollback), now or at a time, after a confirmation.
 */
import { useEffect, useState } from 'react';
import { api, errorText, type ListedVersion } from '../api';
import { useEditor } from '../store';
import { Dialog } from '../ui/Dialog';
import { ACTIVATE_NOW, ActivationTimeField, activationTimeOf } from './ActivationTimeField';
import { showDiff } from './diff-view';
import { activate, cancelScheduledActivation, restoreVersion, whenText } from './policy-actions';

export function VersionsPanel() {
  const policy = useEditor((s) => s.policy);
  const notify = useEditor((s) => s.notify);
  const [versions, setVersions] = useState<ListedVersion[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [confirming, setConfirming] = useState<number | null>(null);
  const [activation, setActivation] = useState(ACTIVATE_NOW);
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
  const scheduled = policy.scheduledActivation;
  const when = activationTimeOf(activation);
  const whenValid = !(typeof when === 'object' && 'problem' in when);
  return (
    <div className="versions" data-testid="versions-panel">
      <h2 className="panel-title">Versions</h2>
      {scheduled && (
        <div className="scheduled" role="status" data-testid="scheduled-activation">
          <p>
            Version {scheduled.version} becomes active on <strong>{whenText(scheduled.at)}</strong>
            {active ? `; until then decisions use version ${active}` : ''}.
          </p>
          <button
            type="button"
            className="button button--small"
            onClick={() => void cancelScheduledActivation()}
            data-testid="scheduled-cancel"
          >
            Cancel the scheduled activation
          </button>
        </div>
      )}
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
                  {scheduled?.version === v.version && <span className="tag">Scheduled</span>}
                </div>
                <p className="version__note">{v.note || <em>No note</em>}</p>
                <p className="version__meta" data-testid={`version-${v.version}-people`}>
                  Drafted by {v.authorName ?? <em>unknown</em>} · published by {v.publisherName ?? <em>unknown</em>}
                </p>
                <p className="version__meta">
                  {whenText(v.publishedAt)} ·{' '}
                  <code title={v.contentHash}>{v.contentHash.replace(/^sha256:/, '').slice(0, 8)}</code>
                </p>
                <div className="version__actions">
                  {!v.active && (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => {
                        setActivation(ACTIVATE_NOW);
                        setConfirming(v.version);
                      }}
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
              disabled={!whenValid}
              onClick={async () => {
                if (!whenValid) return;
                const version = confirming!;
                setConfirming(null);
                await activate(version, when instanceof Date ? when : undefined);
              }}
            >
              {when instanceof Date ? `Schedule version ${confirming}` : `Activate version ${confirming}`}
            </button>
          </>
        }
      >
        <p>
          {when instanceof Date ? `From ${whenText(when)}` : 'From now on'}, decisions for{' '}
          <strong>{policy.name}</strong> use version {confirming}
          {active ? ` instead of version ${active}` : ''}. The draft you are editing does not change (you can restore
          this version into it afterwards), and you can activate another version at any time.
          {scheduled
            ? ` This replaces the activation of version ${scheduled.version} scheduled for ${whenText(scheduled.at)}.`
            : ''}
        </p>
        <ActivationTimeField value={activation} onChange={setActivation} allowLater={false} testId="activate-when" />
      </Dialog>
    </div>
  );
}
