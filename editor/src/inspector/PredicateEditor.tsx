/**
 * A predicate as a group of conditions: match all or any of them, with nested groups. A group
 * holding one condition is stored as that condition, as the engine's sample policies are.
 */
import { isComparison, type Comparison, type Predicate } from '@dunwell/engine/policy';
import { ComparisonEditor } from './ComparisonEditor';

type Group = { all: Predicate[] } | { any: Predicate[] };

const asGroup = (p: Predicate): Group => (isComparison(p) ? { all: [p] } : p);
const itemsOf = (g: Group) => ('all' in g ? g.all : g.any);
const withItems = (g: Group, items: Predicate[]): Group => ('all' in g ? { all: items } : { any: items });

const NEW_COMPARISON: Comparison = { fact: 'daysPastDue', operator: 'greaterThanInclusive', value: 7 };

interface PredicateEditorProps {
  value: Predicate;
  onChange: (value: Predicate) => void;
  /** Nested groups can be removed; the top one cannot. */
  onRemove?: () => void;
  depth?: number;
}

export function PredicateEditor({ value, onChange, onRemove, depth = 0 }: PredicateEditorProps) {
  const group = asGroup(value);
  const items = itemsOf(group);
  const mode = 'all' in group ? 'all' : 'any';

  const commit = (next: Group) => {
    const nextItems = itemsOf(next);
    onChange(depth === 0 && nextItems.length === 1 && isComparison(nextItems[0]!) ? nextItems[0]! : next);
  };
  const setItem = (i: number, item: Predicate) =>
    commit(
      withItems(
        group,
        items.map((x, j) => (j === i ? item : x)),
      ),
    );
  const removeItem = (i: number) =>
    commit(
      withItems(
        group,
        items.filter((_, j) => j !== i),
      ),
    );

  return (
    <div className={`predicate predicate--depth-${depth}`} data-testid="predicate">
      <div className="predicate__head">
        <span>Match</span>
        <select
          className="input input--inline"
          aria-label="Match all or any"
          value={mode}
          onChange={(e) => commit(e.target.value === 'all' ? { all: items } : { any: items })}
        >
          <option value="all">all</option>
          <option value="any">any</option>
        </select>
        <span>of these</span>
        {onRemove && (
          <button type="button" className="button button--ghost button--small" onClick={onRemove}>
            Remove group
          </button>
        )}
      </div>
      <ul className="predicate__items">
        {items.map((item, i) => (
          <li key={i} className="predicate__item">
            {i > 0 && <span className="predicate__joiner">{mode === 'all' ? 'and' : 'or'}</span>}
            {isComparison(item) ? (
              <ComparisonEditor
                comparison={item}
                onChange={(c) => setItem(i, c)}
                onRemove={items.length > 1 ? () => removeItem(i) : undefined}
              />
            ) : (
              <PredicateEditor
                value={item}
                depth={depth + 1}
                onChange={(p) => setItem(i, p)}
                onRemove={items.length > 1 ? () => removeItem(i) : undefined}
              />
            )}
          </li>
        ))}
      </ul>
      <div className="predicate__actions">
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() => commit(withItems(group, [...items, NEW_COMPARISON]))}
        >
          + Condition
        </button>
        {depth < 3 && (
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() =>
              commit(
                withItems(group, [...items, mode === 'all' ? { any: [NEW_COMPARISON] } : { all: [NEW_COMPARISON] }]),
              )
            }
          >
            + Group
          </button>
        )}
      </div>
    </div>
  );
}
