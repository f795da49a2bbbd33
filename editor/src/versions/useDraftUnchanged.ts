/**
 * Whether the saved draft has the same content as the active version (layout aside): then there
 * is nothing to publish, and the engine would refuse it. Asked of the API's diff whenever the
 * saved draft or the active version changes; unsaved changes count as a change.
 */
import { useEffect, useState } from 'react';
import { api } from '../api';
import { useEditor } from '../store';

export function useDraftUnchanged(): boolean {
  const policy = useEditor((s) => s.policy);
  const dirty = useEditor((s) => s.dirty);
  const [unchanged, setUnchanged] = useState(false);
  const id = policy?.id;
  const active = policy?.activeVersion ?? null;
  const revision = policy?.revision;
  useEffect(() => {
    setUnchanged(false);
    if (!id || active === null || dirty) return;
    let current = true;
    api.diff(id, String(active), 'draft').then(
      (diff) => current && setUnchanged(diff.identical),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [id, active, revision, dirty]);
  return unchanged;
}
