/** Publish the draft as the next version, with a fresh note saying what changed, active now, at a time or later. */
import { useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { Dialog } from '../ui/Dialog';
import { ACTIVATE_NOW, ActivationTimeField, activationTimeOf } from './ActivationTimeField';
import { publish, whenText } from './policy-actions';

export function PublishDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [note, setNote] = useState('');
  const [activation, setActivation] = useState(ACTIVATE_NOW);
  const [busy, setBusy] = useState(false);
  const { getViewport } = useReactFlow();
  // Each publish starts afresh: a cancelled note is not carried into the next one.
  const close = () => {
    setNote('');
    setActivation(ACTIVATE_NOW);
    onClose();
  };
  const when = activationTimeOf(activation);
  const valid = !(typeof when === 'object' && 'problem' in when);
  const submit = async () => {
    if (!valid) return;
    setBusy(true);
    const done = await publish(note.trim(), when, getViewport());
    setBusy(false);
    if (done) close();
  };
  return (
    <Dialog
      open={open}
      onClose={close}
      title="Publish the draft"
      testId="publish-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={busy || !valid}
            onClick={submit}
            data-testid="publish-confirm"
          >
            {busy
              ? 'Publishing…'
              : when === 'now'
                ? 'Publish and activate'
                : when instanceof Date
                  ? 'Publish and schedule'
                  : 'Publish without activating'}
          </button>
        </>
      }
    >
      <p>
        The draft becomes a new, frozen version
        {when === 'now'
          ? ' and decisions use it at once. You can roll back to any earlier version.'
          : when instanceof Date
            ? `; decisions switch to it on ${whenText(when)}, in every engine process. You can cancel that from Versions.`
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
      <ActivationTimeField value={activation} onChange={setActivation} allowLater testId="publish-when" />
    </Dialog>
  );
}
