/** Publish the draft as the next version, with a fresh note saying what changed, active at once or not. */
import { useEffect, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { Dialog } from '../ui/Dialog';
import { publish } from './policy-actions';

export function PublishDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [note, setNote] = useState('');
  const [activate, setActivate] = useState(true);
  const [busy, setBusy] = useState(false);
  const { getViewport } = useReactFlow();
  // Each publish starts afresh: a cancelled note is not carried into the next one.
  useEffect(() => {
    if (!open) return;
    setNote('');
    setActivate(true);
  }, [open]);
  const submit = async () => {
    setBusy(true);
    const done = await publish(note.trim(), activate, getViewport());
    setBusy(false);
    if (done) onClose();
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Publish the draft"
      testId="publish-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={submit}
            data-testid="publish-confirm"
          >
            {busy ? 'Publishing…' : activate ? 'Publish and activate' : 'Publish without activating'}
          </button>
        </>
      }
    >
      <p>
        The draft becomes a new, frozen version
        {activate
          ? ' and decisions use it at once. You can roll back to any earlier version.'
          : '; decisions keep using the active version until you activate the new one from Versions.'}
      </p>
      <label className="field">
        <span className="field__label">What changed?</span>
        <textarea
          className="input"
          rows={3}
          maxLength={2000}
          value={note}
          autoFocus
          onChange={(e) => setNote(e.target.value)}
          placeholder="e.g. Call large accounts from day 7"
          data-testid="publish-note"
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={activate}
          onChange={(e) => setActivate(e.target.checked)}
          data-testid="publish-activate"
        />
        Make it the active version now
      </label>
    </Dialog>
  );
}
