/**
 * What the editor does with a policy through the API: open it, save its draft (guarded by the
 * revision it was loaded at), publish, activate. Each reports failures as notices with the
 * API's message and answers whether it worked.
 */
import { type Viewport } from '@xyflow/react';
import { api, ApiError, errorText, type ActivationTime, type Policy } from '../api';
import { currentGraph, useEditor } from '../store';

const fail = (what: string) => (error: unknown) => {
  const { title, details } = errorText(error);
  useEditor.getState().notify({ tone: 'error', title: `${what}: ${title}`, details });
  return false as const;
};

/** The id a policy named so gets: lowercase letters, digits and dashes (the API's rule). */
export const policyIdFrom = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);

export function loadIntoEditor(policy: Policy) {
  const { id, name, description, activeVersion, scheduledActivation, draft } = policy;
  useEditor
    .getState()
    .load({ id, name, description, revision: draft.revision, activeVersion, scheduledActivation }, draft.graph);
  const url = new URL(window.location.href);
  url.searchParams.set('policy', id);
  window.history.replaceState(null, '', url);
}

export function openPolicy(id: string): Promise<boolean> {
  return api.getPolicy(id).then(
    (policy) => {
      loadIntoEditor(policy);
      return true;
    },
    fail(`Could not open ${id}`),
  );
}

export async function saveDraft(viewport?: Viewport): Promise<boolean> {
  const { policy, markSaved, notify } = useEditor.getState();
  if (!policy) return false;
  try {
    const graph = { ...currentGraph(), ...(viewport ? { viewport } : {}) };
    const draft = await api.saveDraft(policy.id, graph, policy.revision);
    markSaved(draft.revision, draft.diagnostics, graph);
    notify({ tone: 'success', title: `Draft saved (revision ${draft.revision})` });
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'revision_mismatch') {
      notify({
        tone: 'error',
        title: `The draft was not saved: ${error.message}`,
        details: [
          'Your changes are still on the canvas. Export them as JSON to keep them, then reload the saved draft.',
        ],
        action: { label: 'Reload the saved draft', run: () => void openPolicy(policy.id) },
      });
      return false;
    }
    return fail('The draft was not saved')(error);
  }
}

/** A moment as people here read it, e.g. "6 Dec 2026, 06:00". */
export const whenText = (at: Date | string) =>
  new Date(at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export async function publish(note: string, when: ActivationTime, viewport?: Viewport): Promise<boolean> {
  const { policy, dirty } = useEditor.getState();
  if (!policy) return false;
  if (dirty && !(await saveDraft(viewport))) return false;
  try {
    const published = await api.publish(policy.id, note, when);
    const version = published.version;
    const stays = `version ${policy.activeVersion ?? 'none'} stays active`;
    // Always a new policy object, so that the Versions panel lists the new version too.
    useEditor
      .getState()
      .setPolicyMeta(
        when === 'now'
          ? { activeVersion: version, scheduledActivation: null }
          : when instanceof Date
            ? { scheduledActivation: { version, at: when.toISOString(), by: null } }
            : {},
      );
    useEditor.getState().notify({
      tone: 'success',
      title:
        when === 'now'
          ? `Published version ${version}; it is now active`
          : when === 'later'
            ? `Published version ${version}; ${stays}`
            : `Published version ${version}; it becomes active on ${whenText(when)}, until then ${stays}`,
    });
    return true;
  } catch (error) {
    return fail('Not published')(error);
  }
}

/** Makes a version the draft again; unsaved changes on the canvas are asked about first. */
export async function restoreVersion(version: number): Promise<boolean> {
  const { policy, dirty } = useEditor.getState();
  if (!policy) return false;
  if (dirty && !window.confirm(`Replace the unsaved changes on the canvas with version ${version}?`)) return false;
  try {
    await api.restoreVersion(policy.id, version, policy.revision);
    const reopened = await openPolicy(policy.id);
    useEditor.getState().notify({
      tone: 'success',
      title: `The draft is version ${version} again: the next publish starts from it`,
    });
    return reopened;
  } catch (error) {
    return fail(`Version ${version} was not restored into the draft`)(error);
  }
}

/** Makes a version active now, or schedules it for `at`. */
export async function activate(version: number, at?: Date): Promise<boolean> {
  const { policy } = useEditor.getState();
  if (!policy) return false;
  try {
    const { activeVersion, scheduledActivation } = await api.activate(policy.id, version, at);
    useEditor.getState().setPolicyMeta({ activeVersion, scheduledActivation });
    if (at) {
      useEditor.getState().notify({
        tone: 'success',
        title: `Version ${version} becomes active on ${whenText(at)}`,
        details: [`Until then, decisions use version ${activeVersion ?? 'none'}.`],
      });
      return true;
    }
    // A rollback leaves the draft as it was: offer to make the draft this version too, so that the
    // next publish does not quietly ship what was rolled back.
    const diff = await api.diff(policy.id, String(version), 'draft');
    useEditor.getState().notify({
      tone: 'success',
      title: `Version ${version} is active: decisions use it from now on`,
      ...(diff.identical
        ? {}
        : {
            details: [`The draft still differs from version ${version}.`],
            action: { label: `Restore version ${version} into the draft`, run: () => void restoreVersion(version) },
          }),
    });
    return true;
  } catch (error) {
    return fail(`Version ${version} was not activated`)(error);
  }
}

export async function cancelScheduledActivation(): Promise<boolean> {
  const { policy } = useEditor.getState();
  if (!policy?.scheduledActivation) return false;
  const { version } = policy.scheduledActivation;
  try {
    const { scheduledActivation } = await api.cancelScheduledActivation(policy.id);
    useEditor.getState().setPolicyMeta({ scheduledActivation });
    useEditor.getState().notify({ tone: 'success', title: `Version ${version} will not be activated` });
    return true;
  } catch (error) {
    return fail('The scheduled activation was not cancelled')(error);
  }
}
