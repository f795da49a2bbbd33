/** One comparison, "fact operator value": only the operators valid for the fact's type are offered. */
import { getFact, operatorsFor, type Comparison, type Operator } from '@dunwell/engine/policy';
import { operatorLabel } from '../nodes/describe';
import { FactSelect } from './FactSelect';
import { ValueInput } from './ValueInput';
import { carryValue } from './values';

const OPERATOR_WORDS: Record<Operator, string> = {
  equal: 'is',
  notEqual: 'is not',
  lessThan: 'less than',
  lessThanInclusive: 'at most',
  greaterThan: 'more than',
  greaterThanInclusive: 'at least',
  in: 'is one of',
  notIn: 'is not one of',
};

interface ComparisonEditorProps {
  comparison: Comparison;
  onChange: (comparison: Comparison) => void;
  onRemove?: () => void;
}

export function ComparisonEditor({ comparison, onChange, onRemove }: ComparisonEditorProps) {
  const fact = getFact(comparison.fact);
  const operators = fact ? operatorsFor(fact) : [];

  const changeFact = (name: string) => {
    const next = getFact(name);
    if (!next) return;
    const valid = operatorsFor(next);
    const operator = valid.includes(comparison.operator) ? comparison.operator : valid[0]!;
    onChange({ fact: name, operator, value: carryValue(next, operator, comparison.value) });
  };

  const changeOperator = (operator: Operator) => {
    onChange({
      ...comparison,
      operator,
      value: fact ? carryValue(fact, operator, comparison.value) : comparison.value,
    });
  };

  return (
    <div className="comparison" data-testid="comparison">
      <div className="comparison__row">
        <FactSelect label="Fact" value={comparison.fact} onChange={changeFact} />
        {onRemove && (
          <button type="button" className="icon-button" aria-label="Remove this condition" onClick={onRemove}>
            ×
          </button>
        )}
      </div>
      {fact && (
        <p className="comparison__about">
          {fact.description}
          {fact.unit ? ` · ${fact.unit}` : ''}
        </p>
      )}
      {fact && (
        <div className="comparison__row">
          <select
            className="input comparison__operator"
            aria-label="Operator"
            value={comparison.operator}
            onChange={(e) => changeOperator(e.target.value as Operator)}
          >
            {!operators.includes(comparison.operator) && (
              <option value={comparison.operator}>{comparison.operator} (not valid here)</option>
            )}
            {operators.map((op) => (
              <option key={op} value={op}>
                {operatorLabel(op, fact.name)}
                {operatorLabel(op, fact.name) !== OPERATOR_WORDS[op] ? `  (${OPERATOR_WORDS[op]})` : ''}
              </option>
            ))}
          </select>
          <ValueInput
            label="Value"
            fact={fact}
            comparison={comparison}
            onChange={(value) => onChange({ ...comparison, value })}
          />
        </div>
      )}
    </div>
  );
}
