/**
 * Find a step by its title, its logic in words or a fact it tests ("late rate", "lateRate"):
 * the matches are listed, and choosing one selects it and brings it into view.
 */
import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { comparisonsOf, factLabel, kindOf } from '@dunwell/engine/policy';
import { type NodeContent } from './flow-graph';
import { specOf, stepTitle } from '../nodes';
import { useEditor } from '../store';

const MAX_SHOWN = 8;

/** Everything a step can be found by, lower-cased. */
function searchText(node: NodeContent): string {
  const facts = kindOf(node)
    .predicates(node)
    .flatMap(({ predicate }) => comparisonsOf(predicate).map((c) => `${c.fact} ${factLabel(c.fact)}`));
  const waited = node.kind === 'wait' ? [node.fact, factLabel(node.fact)] : [];
  return [node.label ?? '', specOf(node.kind).title, specOf(node.kind).describe(node as never), ...facts, ...waited]
    .join(' ')
    .toLowerCase();
}

export function StepSearch() {
  // Contents, not positions: dragging a step does not rebuild the index.
  const contents = useEditor(useShallow((s) => s.nodes.map((n) => n.data.content)));
  const selectNode = useEditor((s) => s.selectNode);
  const [query, setQuery] = useState('');
  const index = useMemo(
    () => contents.map((c) => ({ id: c.id, title: stepTitle(c), text: searchText(c) })),
    [contents],
  );
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const found = words.length === 0 ? [] : index.filter((s) => words.every((w) => s.text.includes(w)));
  return (
    <div className="step-search" role="search">
      <input
        className="input"
        type="search"
        aria-label="Find a step by its title or a fact it tests"
        placeholder="Find a step…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && found[0]) selectNode(found[0].id);
        }}
        data-testid="step-search"
      />
      {words.length > 0 && (
        <ul className="step-search__results" aria-label="Steps found" data-testid="step-search-results">
          {found.length === 0 && <li className="section-hint">No step matches.</li>}
          {found.slice(0, MAX_SHOWN).map((s) => (
            <li key={s.id}>
              <button type="button" className="link-button" onClick={() => selectNode(s.id)}>
                {s.title}
              </button>
            </li>
          ))}
          {found.length > MAX_SHOWN && <li className="section-hint">and {found.length - MAX_SHOWN} more</li>}
        </ul>
      )}
    </div>
  );
}
