/** A fact from the catalogue, grouped as the catalogue groups them (invoice, account, history, model). */
import { FACTS, type FactDefinition, type FactGroup } from '@dunwell/engine/policy';
import { factLabel } from '../nodes/describe';

const GROUPS: Array<{ group: FactGroup; title: string }> = [
  { group: 'invoice', title: 'Invoice' },
  { group: 'account', title: 'Account' },
  { group: 'history', title: 'Dunning history' },
  { group: 'model', title: 'Model scores' },
];

interface FactSelectProps {
  id?: string;
  value: string;
  onChange: (fact: string) => void;
  /** Only offer these facts (e.g. day counts for a wait). */
  only?: (fact: FactDefinition) => boolean;
  label?: string;
}

export function FactSelect({ id, value, onChange, only = () => true, label }: FactSelectProps) {
  const known = FACTS.some((f) => f.name === value);
  return (
    <select id={id} className="input" value={value} aria-label={label} onChange={(e) => onChange(e.target.value)}>
      {!known && <option value={value}>{value} (unknown fact)</option>}
      {GROUPS.map(({ group, title }) => {
        const facts = FACTS.filter((f) => f.group === group && only(f));
        return facts.length === 0 ? null : (
          <optgroup key={group} label={title}>
            {facts.map((f) => (
              <option key={f.name} value={f.name} title={f.description}>
                {factLabel(f.name)}
              </option>
            ))}
          </optgroup>
        );
      })}
    </select>
  );
}
