/** The frame every node kind shares: header, logic in words, its problems, and labelled output handles. */
import { memo, type ReactNode } from 'react';
import { Handle, Position } from '@xyflow/react';
import { type NodeKind } from '@dunwell/engine/policy';
import { useEditor, type EditorState, type Mark } from '../store';
import { type NodeSpec } from './spec';

export interface Port {
  id: string;
  label: string;
  tone?: 'yes' | 'no' | 'muted';
}

/** For kinds without outputs: one array for all of them, so the frame's props stay equal. */
export const NO_PORTS: Port[] = [];

interface NodeFrameProps {
  id: string;
  /** The kind's spec: the frame shows its glyph and title. */
  spec: Pick<NodeSpec<NodeKind>, 'kind' | 'title' | 'glyph'>;
  label?: string;
  selected?: boolean;
  ports: Port[];
  /** Wider than the kind's default, e.g. for a switch with many cases. */
  width?: number;
  children?: ReactNode;
}

function markOf(state: EditorState, id: string): Mark | undefined {
  const { overlay } = state;
  if (overlay.kind === 'path') return overlay.nodes.has(id) ? 'path' : 'off-path';
  if (overlay.kind === 'diff') return overlay.nodeMarks.get(id);
  return undefined;
}

/** More than this would bury the step's own content; the Problems list has them all. */
const SHOWN_PROBLEMS = 3;

const MARK_TEXT: Partial<Record<Mark, string>> = { added: 'Added', removed: 'Removed', changed: 'Changed' };

export const NodeFrame = memo(function NodeFrame({
  id,
  spec,
  label,
  selected,
  ports,
  width,
  children,
}: NodeFrameProps) {
  const problems = useEditor((s) => s.problemsByNode.get(id));
  const placing = useEditor((s) => s.drafting.has(id));
  const needsReason = useEditor(
    (s) => placing && s.diagnostics.some((d) => d.nodeId === id && d.code === 'MISSING_REASON'),
  );
  const mark = useEditor((s) => markOf(s, id));
  const { kind } = spec;
  const errors = problems?.filter((p) => p.severity === 'error').length ?? 0;
  const severity = errors > 0 ? 'error' : problems?.length ? 'warning' : undefined;
  // An output that still needs a connection is marked where the user has to drag from.
  const open = new Set(problems?.filter((p) => p.code === 'MISSING_BRANCH').map((p) => p.path));
  const classes = [
    'pnode',
    `pnode--${kind}`,
    selected && 'is-selected',
    mark && `mark-${mark}`,
    severity && `has-${severity}`,
  ];
  return (
    <div
      className={classes.filter(Boolean).join(' ')}
      style={width ? { width } : undefined}
      data-testid={`node-${id}`}
      data-problems={problems?.length ?? 0}
    >
      {kind !== 'start' && <Handle type="target" position={Position.Top} className="pnode__in" />}
      <header className="pnode__head">
        <span className="pnode__glyph" aria-hidden>
          {spec.glyph}
        </span>
        <span className="pnode__kind">{spec.title}</span>
        {mark && MARK_TEXT[mark] && <span className={`pnode__mark pnode__mark--${mark}`}>{MARK_TEXT[mark]}</span>}
        {severity && (
          <span className={`pnode__badge pnode__badge--${severity}`} title={problems!.map((p) => p.message).join('\n')}>
            {severity === 'error' ? '!' : '⚠'} {problems!.length}
          </span>
        )}
      </header>
      {label && <div className="pnode__title">{label}</div>}
      <div className="pnode__body">{children}</div>
      {placing && (
        <p className="pnode__hint" data-testid={`hint-${id}`}>
          {kind === 'start'
            ? 'Connect its output to the first step'
            : 'Not connected yet: drag from a step’s output to here, or pick it under Connections'}
          {needsReason && '. It needs a reason, too.'}
        </p>
      )}
      {problems && problems.length > 0 && (
        <ul className="pnode__problems" aria-label="Problems">
          {problems.slice(0, SHOWN_PROBLEMS).map((p, i) => (
            <li key={i} className={`pnode__problem pnode__problem--${p.severity}`}>
              {p.message}
            </li>
          ))}
          {problems.length > SHOWN_PROBLEMS && (
            <li className="pnode__more">+{problems.length - SHOWN_PROBLEMS} more in Problems</li>
          )}
        </ul>
      )}
      {ports.length > 0 && (
        <div className="pnode__ports">
          {ports.map((port) => (
            <div
              key={port.id}
              className={`port port--${port.tone ?? 'plain'}${open.has(port.id) ? ' port--open' : ''}`}
            >
              <span className="port__label" title={port.label}>
                {port.label}
              </span>
              <Handle type="source" id={port.id} position={Position.Bottom} className="port__handle" />
            </div>
          ))}
        </div>
      )}
    </div>
  );
});
