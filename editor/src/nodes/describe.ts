/**
 * The words every kind's description is made of: facts, operators, values and predicates as a
 * finance user reads them ("Days past due ≥ 7"), channel names and stop reasons. Each kind's own
 * sentence is its spec's `describe` (nodes/<kind>.tsx).
 */
import {
  factLabel,
  getFact,
  isComparison,
  type Action,
  type Comparison,
  type Operator,
  type Predicate,
} from '@dunwell/engine/policy';

export { factLabel };

const SYMBOLS: Record<Operator, string> = {
  equal: '=',
  notEqual: '≠',
  lessThan: '<',
  lessThanInclusive: '≤',
  greaterThan: '>',
  greaterThanInclusive: '≥',
  in: 'is one of',
  notIn: 'is not one of',
};
const WORDS: Partial<Record<Operator, string>> = { equal: 'is', notEqual: 'is not' };

/** How an operator reads for a fact of this type: symbols for numbers, words otherwise. */
export function operatorLabel(operator: Operator, factName?: string): string {
  const fact = factName ? getFact(factName) : undefined;
  const numeric = fact?.type === 'number' || fact?.type === 'integer';
  return (!numeric && WORDS[operator]) || SYMBOLS[operator];
}

/** Numbers with a real minus sign and thousands separators; ratios as percentages. */
export function formatValue(value: unknown, factName?: string): string {
  if (Array.isArray(value)) return value.map((v) => formatValue(v, factName)).join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    const unit = factName ? getFact(factName)?.unit : undefined;
    if (unit === 'ratio' || unit === 'probability') return `${formatNumber(value * 100)}%`;
    return formatNumber(value);
  }
  return String(value).replace(/_/g, ' ');
}

/** One formatter for all: `toLocaleString` with options builds a new one on every call, costly across 200 nodes. */
const NUMBER_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

export function formatNumber(n: number): string {
  const text = NUMBER_FORMAT.format(Math.abs(n));
  return n < 0 ? `−${text}` : text;
}

export function describeComparison(c: Comparison): string {
  return `${factLabel(c.fact)} ${operatorLabel(c.operator, c.fact)} ${formatValue(c.value, c.fact)}`;
}

export function describePredicate(p: Predicate, nested = false): string {
  if (isComparison(p)) return describeComparison(p);
  const [items, joiner] = 'all' in p ? [p.all, ' and '] : [p.any, ' or '];
  const text = items.map((item) => describePredicate(item, true)).join(joiner);
  return nested && items.length > 1 ? `(${text})` : text;
}

const ACTION_NAMES: Record<Action['type'], string> = {
  email: 'Email',
  sms: 'SMS',
  call: 'Call',
  letter: 'Letter',
  task: 'Task',
  escalate: 'Escalate',
};

export const actionName = (type: Action['type']): string => ACTION_NAMES[type];

/** A stop as its author wrote it, or its code in words; "Stop: no reason yet" until it has one. */
export function describeStop(reason: string, reasonLabel?: string): string {
  return `Stop: ${reasonLabel || reason.replace(/_/g, ' ') || 'no reason yet'}`;
}
