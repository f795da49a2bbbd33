/** Create a policy: from an empty canvas (a start step), or from a JSON file exported earlier. */
import { useState } from 'react';
import { api, errorText } from '../api';
import { Field } from '../inspector/fields';
import { Dialog } from '../ui/Dialog';
import { loadIntoEditor, policyIdFrom } from './policy-actions';
import { parsePolicyDocument } from './import-export';

export function NewPolicyDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}) {
  const [name, setName] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const create = async (input: Parameters<typeof api.createPolicy>[0]) => {
    setBusy(true);
    try {
      loadIntoEditor(await api.createPolicy(input));
      onCreated();
      setName('');
      setProblems([]);
      onClose();
    } catch (error) {
      const { title, details } = errorText(error);
      setProblems([title, ...details]);
    } finally {
      setBusy(false);
    }
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    const parsed = parsePolicyDocument(await file.text());
    if (!parsed.ok) return setProblems([`${file.name} is not a Dunwell policy:`, ...parsed.problems]);
    // A name typed here renames the import, e.g. to bring in a copy of a policy that exists already.
    const renamed = name.trim() ? { name: name.trim(), ...(id ? { id } : {}) } : {};
    await create({ ...parsed.document, ...renamed });
  };

  const id = policyIdFrom(name);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="New policy"
      testId="new-policy-dialog"
      footer={
        <>
          <label className="button button--ghost file-button">
            Import JSON…
            <input
              type="file"
              accept="application/json,.json"
              onChange={(e) => importFile(e.target.files?.[0])}
              data-testid="import-file"
            />
          </label>
          <span className="spacer" />
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={!name.trim() || busy}
            onClick={() => create({ name: name.trim(), ...(id ? { id } : {}) })}
          >
            Create
          </button>
        </>
      }
    >
      <Field
        label="Name"
        hint={
          <>
            {id ? (
              <>
                Its id will be <code>{id}</code>.{' '}
              </>
            ) : null}
            It starts as an empty canvas with a start step, or from a JSON file exported earlier (a name typed here
            renames it).
          </>
        }
      >
        {(fieldId) => (
          <input
            id={fieldId}
            className="input"
            value={name}
            maxLength={200}
            autoFocus
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. SMB dunning 2026"
          />
        )}
      </Field>
      {problems.length > 0 && (
        <div className="inline-error" role="alert">
          {problems.map((p, i) => (
            <div key={i}>{p}</div>
          ))}
        </div>
      )}
    </Dialog>
  );
}
