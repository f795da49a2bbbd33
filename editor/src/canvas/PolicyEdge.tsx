/** A connection drawn with its state: on the simulated path, added or removed in a diff, or with a problem. */
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { useEditor, type EditorState, type Mark } from '../store';
import { type FlowEdge } from './flow-graph';

function markOf(state: EditorState, id: string): Mark | undefined {
  const { overlay } = state;
  if (overlay.kind === 'path') return overlay.edges.has(id) ? 'path' : 'off-path';
  if (overlay.kind === 'diff') return overlay.edgeMarks.get(id);
  return undefined;
}

export const PolicyEdge = memo(function PolicyEdge({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  selected,
  markerEnd,
}: EdgeProps<FlowEdge>) {
  const problems = useEditor((s) => s.problemsByEdge.get(id));
  const mark = useEditor((s) => markOf(s, id));
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    borderRadius: 14,
    offset: 18,
  });
  const classes = ['pedge', mark && `mark-${mark}`, problems && 'has-error', selected && 'is-selected'];
  const label = problems?.[0]?.message ?? (mark === 'added' ? 'Added' : mark === 'removed' ? 'Removed' : undefined);
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        className={classes.filter(Boolean).join(' ')}
        data-testid={`edge-${id}`}
      />
      {label && (
        <EdgeLabelRenderer>
          <div
            className={`pedge__label ${problems ? 'pedge__label--error' : `pedge__label--${mark}`}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
