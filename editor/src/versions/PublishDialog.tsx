/** Publish the draft as the next version, with a note saying what changed. */
import { useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { Dialog } from '../ui/Dialog';
import { publish } from './policy-actions';

export function PublishDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const { getViewport } = useReactFlow();
  const submit = async () => {
    setBusy(true);
    const done = await publish(note.trim(), getViewport());
    setBusy(false);
    if (done) {
      setNote('');
      onClose();
    }
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
            {busy ? 'Publishing…' : 'Publish and activate'}
          </button>
        </>
      }
    >
      <p>
        The draft becomes a new, frozen version and decisions use it at once. You can roll back to any earlier version.
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
    </Dialog>
  );
}
