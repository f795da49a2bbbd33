/** Which policy is open: the list from the API (archived ones apart), a way to create one, and its settings. */
import { useCallback, useEffect, useState } from 'react';
import { api, errorText, type PolicySummary } from '../api';
import { useEditor } from '../store';
import { NewPolicyDialog } from './NewPolicyDialog';
import { PolicySettingsDialog } from './PolicySettingsDialog';
import { openPolicy } from './policy-actions';

const option = (p: PolicySummary) => (
  <option key={p.id} value={p.id}>
    {p.name}
    {p.isDefault ? ' (default)' : ''}
    {p.activeVersion ? ` · v${p.activeVersion}` : ' · not published'}
  </option>
);

export function PolicyPicker() {
  const policy = useEditor((s) => s.policy);
  const [policies, setPolicies] = useState<PolicySummary[]>([]);
  const [creating, setCreating] = useState(false);
  const [settings, setSettings] = useState(false);

  const refresh = useCallback(() => {
    api
      .listPolicies()
      .then(setPolicies, (error) => useEditor.getState().notify({ tone: 'error', ...errorText(error) }));
  }, []);
  useEffect(refresh, [refresh, policy?.id, policy?.activeVersion, policy?.name]);

  const choose = (id: string) => {
    if (useEditor.getState().dirty && !window.confirm('Discard the unsaved changes to this draft?')) return;
    void openPolicy(id);
  };

  return (
    <div className="picker">
      <select
        className="input picker__select"
        aria-label="Policy"
        value={policy?.id ?? ''}
        onChange={(e) => choose(e.target.value)}
        data-testid="policy-picker"
      >
        {!policy && <option value="">Choose a policy…</option>}
        {policies.filter((p) => !p.archived).map(option)}
        {policies.some((p) => p.archived) && (
          <optgroup label="Archived">{policies.filter((p) => p.archived).map(option)}</optgroup>
        )}
      </select>
      <button
        type="button"
        className="button button--ghost"
        onClick={() => setSettings(true)}
        disabled={!policy}
        data-testid="policy-settings-open"
      >
        Settings
      </button>
      <button type="button" className="button button--ghost" onClick={() => setCreating(true)} data-testid="new-policy">
        + New
      </button>
      <NewPolicyDialog open={creating} onClose={() => setCreating(false)} onCreated={refresh} />
      <PolicySettingsDialog
        open={settings}
        summary={policies.find((p) => p.id === policy?.id)}
        onClose={() => setSettings(false)}
        onChanged={refresh}
      />
    </div>
  );
}
