/**
 * Every diagnostic of the graph in one list, errors first. Clicking one (or Enter on it) selects
 * its step and brings it into view; arrow keys, Home and End move through the list.
 */
import { useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { type Diagnostic } from '@dunwell/engine/policy';
import { type FlowEdge, type FlowNode } from '../canvas/flow-graph';
import { stepTitle } from '../nodes';
import { useEditor } from '../store';

/** The step a diagnostic is about: its node, or for a connection the step it leaves. */
function stepOf(d: Diagnostic, nodes: readonly FlowNode[], edges: readonly FlowEdge[]): FlowNode | undefined {
  const id = d.nodeId ?? edges.find((e) => e.id === d.edgeId)?.source;
  return id === undefined ? undefined : nodes.find((n) => n.id === id);
}

const stepName = (node: FlowNode | undefined) => (node ? stepTitle(node.data.content) : 'The policy');

export function ProblemsPanel() {
  const diagnostics = useEditor((s) => s.shownDiagnostics);
  const placing = useEditor((s) => s.drafting.size);
  const sorted = [...diagnostics].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  // Names and ids only, so dragging a node does not re-render the list.
  const steps = useEditor(useShallow((s) => sorted.map((d) => stepOf(d, s.nodes, s.edges)?.id ?? '')));
  const names = useEditor(useShallow((s) => sorted.map((d) => stepName(stepOf(d, s.nodes, s.edges)))));
  const selectNode = useEditor((s) => s.selectNode);
  const [open, setOpen] = useState(true);
  const [active, setActive] = useState(0);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const current = Math.min(active, Math.max(0, sorted.length - 1));

  const choose = (i: number) => {
    setActive(i);
    if (steps[i]) selectNode(steps[i]!);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const last = sorted.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: Math.min(last, current + 1),
      ArrowUp: Math.max(0, current - 1),
      Home: 0,
      End: last,
    };
    if (e.key in moves) {
      e.preventDefault();
      setActive(moves[e.key]!);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      choose(current);
    }
  };

  const counts = [
    errors && `${errors} error${errors > 1 ? 's' : ''}`,
    warnings && `${warnings} warning${warnings > 1 ? 's' : ''}`,
    placing && `${placing} new step${placing > 1 ? 's' : ''} to connect`,
  ].filter(Boolean);
  const summary = counts.length === 0 ? 'No problems' : counts.join(', ');
  return (
    <section className={`problems ${open ? 'is-open' : ''}`} aria-label="Problems">
      <button
        type="button"
        className="problems__toggle"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="problems-toggle"
      >
        <span className={`problems__icon ${errors ? 'is-error' : warnings ? 'is-warning' : 'is-ok'}`} aria-hidden>
          {errors ? '!' : warnings ? '⚠' : '✓'}
        </span>
        Problems <span className="problems__summary">{summary}</span>
        <span className="problems__chevron" aria-hidden>
          {open ? '▾' : '▸'}
        </span>
      </button>
      {open && sorted.length > 0 && (
        <ul
          className="problems__list"
          role="listbox"
          tabIndex={0}
          aria-label="Problems in this policy"
          aria-activedescendant={`problem-${current}`}
          onKeyDown={onKeyDown}
          data-testid="problems-list"
        >
          {sorted.map((d, i) => (
            <li
              key={`${d.code}-${d.nodeId ?? d.edgeId ?? ''}-${d.path ?? ''}-${i}`}
              id={`problem-${i}`}
              role="option"
              aria-selected={i === current}
              className={`problem problem--${d.severity} ${i === current ? 'is-active' : ''}`}
              onClick={() => choose(i)}
            >
              <span className={`problem__severity problem__severity--${d.severity}`}>
                {d.severity === 'error' ? 'Error' : 'Warning'}
              </span>
              <span className="problem__message">{d.message}</span>
              <span className="problem__where">{names[i]}</span>
              <code className="problem__code">{d.code}</code>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
