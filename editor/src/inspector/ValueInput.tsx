/** The value of a comparison, as the fact's type needs it: yes/no, one or several enum values, or numbers with their unit. */
import { type Comparison, type FactDefinition } from '@dunwell/engine/policy';
import { formatValue } from '../nodes/describe';
import { NumberInput } from './fields';
import { fromPercent, isListOperator, isPercentFact, toPercent, unitHint } from './values';

interface ValueInputProps {
  fact: FactDefinition;
  comparison: Comparison;
  onChange: (value: Comparison['value']) => void;
  label: string;
}

/** Short lists read best as checkboxes; long ones (countries, currencies) as a multiple select. */
const CHECKBOX_LIMIT = 8;

export function ValueInput({ fact, comparison, onChange, label }: ValueInputProps) {
  const list = isListOperator(comparison.operator);
  const values = Array.isArray(comparison.value) ? comparison.value : [comparison.value];

  if (fact.type === 'boolean') {
    return (
      <select
        className="input"
        aria-label={label}
        value={String(comparison.value)}
        onChange={(e) => onChange(e.target.value === 'true')}
      >
        <option value="true">yes</option>
        <option value="false">no</option>
      </select>
    );
  }

  if (fact.type === 'enum') {
    if (!list) {
      return (
        <select
          className="input"
          aria-label={label}
          value={String(comparison.value)}
          onChange={(e) => onChange(e.target.value)}
        >
          {!fact.values.includes(String(comparison.value)) && (
            <option value={String(comparison.value)}>{String(comparison.value)} (not allowed)</option>
          )}
          {fact.values.map((v) => (
            <option key={v} value={v}>
              {formatValue(v)}
            </option>
          ))}
        </select>
      );
    }
    if (fact.values.length <= CHECKBOX_LIMIT) {
      return (
        <fieldset className="checks" aria-label={label}>
          {fact.values.map((v) => (
            <label key={v} className="check">
              <input
                type="checkbox"
                checked={values.includes(v)}
                onChange={(e) =>
                  onChange(
                    e.target.checked
                      ? ([...values.filter((x) => x !== v), v] as string[])
                      : (values.filter((x) => x !== v) as string[]),
                  )
                }
              />
              {formatValue(v)}
            </label>
          ))}
        </fieldset>
      );
    }
    return (
      <select
        className="input"
        multiple
        size={6}
        aria-label={label}
        value={values.map(String)}
        onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}
      >
        {fact.values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    );
  }

  if (list) {
    return (
      <input
        className="input"
        aria-label={label}
        defaultValue={values.join(', ')}
        placeholder="e.g. 1, 2, 3"
        onChange={(e) => {
          const numbers = e.target.value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
            .map(Number);
          if (numbers.length > 0 && numbers.every((n) => !Number.isNaN(n))) onChange(numbers);
        }}
      />
    );
  }

  // Shares and probabilities are entered as percentages (50 means 50%) and stored as ratios (0.5).
  const percent = isPercentFact(fact);
  const range = 'range' in fact ? fact.range : undefined;
  return (
    <NumberInput
      label={label}
      value={typeof comparison.value === 'number' ? (percent ? toPercent(comparison.value) : comparison.value) : null}
      integer={fact.type === 'integer'}
      unit={unitHint(fact)}
      min={range && (percent ? toPercent(range[0]) : range[0])}
      max={range && (percent ? toPercent(range[1]) : range[1])}
      onChange={(n) => onChange(percent ? fromPercent(n) : n)}
      onEmpty={() => onChange('')}
    />
  );
}
