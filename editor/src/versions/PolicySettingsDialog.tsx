/**
 * A policy's own settings, for a finance manager: its name and description, a copy to work on,
 * making it the default, archiving it (its versions are kept) or deleting it while it was never
 * published. Each button that cannot act says why.
 */
import { useEffect, useState } from 'react';
import { api, errorText, type PolicySummary } from '../api';
import { Field } from '../inspector/fields';
import { useEditor } from '../store';
import { Dialog } from '../ui/Dialog';
import { loadIntoEditor, openPolicy, policyIdFrom } from './policy-actions';

export function PolicySettingsDialog({
  open,
  summary,
  onClose,
  onChanged,
}: {
  open: boolean;
  /** The open policy as the list knows it (default, archived). */
  summary: PolicySummary | undefined;
  onClose: () => void;
  onChanged: () => void;
}) {
  const policy = useEditor((s) => s.policy);
  const dirty = useEditor((s) => s.dirty);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [copyName, setCopyName] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open || !policy) return;
    setName(policy.name);
    setDescription(policy.description);
    setCopyName(`${policy.name} (copy)`);
    setProblems([]);
  }, [open, policy]);

  if (!policy) return null;
  const isDefault = summary?.isDefault ?? false;
  const archived = summary?.archived ?? false;
  const published = policy.activeVersion !== null;

  const run = async (action: () => Promise<void>, notice: string) => {
    setBusy(true);
    try {
      await action();
      setProblems([]);
      useEditor.getState().notify({ tone: 'success', title: notice });
      onChanged();
    } catch (error) {
      const { title, details } = errorText(error);
      setProblems([title, ...details]);
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    run(async () => {
      // Only the name and description change: the canvas, saved or not, stays as it is.
      const updated = await api.updatePolicy(policy.id, { name: name.trim(), description });
      useEditor.getState().setPolicyMeta({ name: updated.name, description: updated.description });
    }, `Saved the name and description of ${name.trim()}`);
  const duplicate = () =>
    run(async () => {
      const id = policyIdFrom(copyName);
      loadIntoEditor(await api.duplicatePolicy(policy.id, { name: copyName.trim(), ...(id ? { id } : {}) }));
      onClose();
    }, `${copyName.trim()} created from the draft of ${policy.name}`);
  const makeDefault = () =>
    run(async () => {
      await api.setDefaultPolicy(policy.id);
    }, `${policy.name} is now the default policy`);
  const archive = (on: boolean) =>
    run(
      async () => {
        await api.updatePolicy(policy.id, { archived: on });
      },
      on ? `${policy.name} archived: its versions are kept` : `${policy.name} is back in the list`,
    );
  const remove = () => {
    if (!window.confirm(`Delete ${policy.name}? It was never published, so nothing else refers to it.`)) return;
    void run(async () => {
      await api.deletePolicy(policy.id);
      const rest = await api.listPolicies();
      const next = rest.find((p) => p.isDefault) ?? rest[0];
      if (next) await openPolicy(next.id);
      onClose();
    }, `${policy.name} deleted`);
  };

  const defaultReason = isDefault
    ? 'It is the default policy.'
    : archived
      ? 'Bring it back before making it the default.'
      : !published
        ? 'Publish a version first: the default decides every invoice that names no policy.'
        : '';
  const archiveReason = isDefault ? 'The default policy cannot be archived: make another the default first.' : '';
  const deleteReason = published
    ? 'It has published versions, which are kept: archive it instead.'
    : isDefault
      ? 'The default policy cannot be deleted.'
      : '';

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Policy settings: ${policy.name}`}
      testId="policy-settings"
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <Field label="Name">
        {(id) => (
          <input id={id} className="input" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
        )}
      </Field>
      <Field label="Description" hint="What this strategy is for and who it applies to.">
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={3}
            value={description}
            maxLength={2000}
            onChange={(e) => setDescription(e.target.value)}
          />
        )}
      </Field>
      <div className="dialog__row">
        <button
          type="button"
          className="button button--primary"
          disabled={busy || !name.trim() || (name.trim() === policy.name && description === policy.description)}
          onClick={() => void save()}
          data-testid="policy-settings-save"
        >
          Save name and description
        </button>
      </div>

      <Field label="Duplicate" hint="A new policy whose draft is a copy of this one's draft; nothing is published.">
        {(id) => (
          <input
            id={id}
            className="input"
            value={copyName}
            maxLength={200}
            onChange={(e) => setCopyName(e.target.value)}
            data-testid="duplicate-name"
          />
        )}
      </Field>
      <div className="dialog__row">
        <button
          type="button"
          className="button"
          disabled={busy || !copyName.trim()}
          onClick={() => void duplicate()}
          data-testid="duplicate-policy"
        >
          Duplicate
        </button>
      </div>

      <div className="dialog__row">
        <button
          type="button"
          className="button"
          disabled={busy || defaultReason !== ''}
          title={defaultReason || undefined}
          onClick={() => void makeDefault()}
          data-testid="make-default"
        >
          Make default
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || archiveReason !== ''}
          title={archiveReason || undefined}
          onClick={() => void archive(!archived)}
          data-testid="archive-policy"
        >
          {archived ? 'Bring back' : 'Archive'}
        </button>
        <button
          type="button"
          className="button button--danger"
          disabled={busy || deleteReason !== ''}
          title={deleteReason || undefined}
          onClick={remove}
          data-testid="delete-policy"
        >
          Delete
        </button>
      </div>
      {[defaultReason, archiveReason, deleteReason].filter(Boolean).length > 0 && (
        <ul className="section-hint" data-testid="policy-settings-reasons">
          {[...new Set([defaultReason, archiveReason, deleteReason].filter(Boolean))].map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      {problems.length > 0 && (
        <div className="inline-error" role="alert">
          {problems.map((p, i) => (
            <div key={i}>{p}</div>
          ))}
        </div>
      )}
      {archived && <p className="section-hint">Archived: listed apart in the policy picker; its versions are kept.</p>}
      {dirty && <p className="section-hint">The canvas has unsaved changes; a duplicate copies the saved draft.</p>}
    </Dialog>
  );
}
