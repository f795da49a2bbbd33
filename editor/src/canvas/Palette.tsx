/**
 * The node kinds, to drag onto the canvas (pointer drag with a ghost, dropped where the pointer
 * is) or to add near the centre of the view with a click or Enter, at a free spot.
 */
import { useState, type PointerEvent as ReactPointerEvent } from 'react';
import { useReactFlow, type XYPosition } from '@xyflow/react';
import { type NodeKind } from '@dunwell/engine/policy';
import { SPECS, specOf } from '../nodes';
import { useEditor } from '../store';
import { CANVAS_ID } from './Canvas';
import { freeSpot, NEW_STEP_SIZE } from './free-spot';

/** Dropped nodes are centred on the pointer (about half a node's size). */
const GRAB_OFFSET = { x: 120, y: 40 };
const DRAG_THRESHOLD = 4;

interface Ghost {
  kind: NodeKind;
  x: number;
  y: number;
}

export function Palette() {
  const [ghost, setGhost] = useState<Ghost | null>(null);
  const { screenToFlowPosition } = useReactFlow();
  const disabled = useEditor((s) => !s.policy || s.overlay.kind === 'diff');

  const addAt = (kind: NodeKind, screen: XYPosition) => {
    const p = screenToFlowPosition(screen);
    useEditor
      .getState()
      .addNode(specOf(kind), { x: Math.round(p.x - GRAB_OFFSET.x), y: Math.round(p.y - GRAB_OFFSET.y) });
  };

  /** Near the centre of the view, where no step is yet. */
  const addAtCentre = (kind: NodeKind) => {
    const rect = document.getElementById(CANVAS_ID)?.getBoundingClientRect();
    if (!rect) return;
    const centre = screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
    const want = { x: Math.round(centre.x - GRAB_OFFSET.x), y: Math.round(centre.y - GRAB_OFFSET.y) };
    const taken = useEditor.getState().nodes.map((n) => ({
      ...n.position,
      width: n.measured?.width ?? NEW_STEP_SIZE.width,
      height: n.measured?.height ?? NEW_STEP_SIZE.height,
    }));
    useEditor.getState().addNode(specOf(kind), freeSpot(want, taken));
  };

  /** Follows the pointer from press to release; a press without a move is a click, adding at the centre. */
  const startDrag = (kind: NodeKind) => (e: ReactPointerEvent) => {
    if (e.button !== 0 || disabled) return;
    e.preventDefault();
    const start = { x: e.clientX, y: e.clientY };
    let moved = false;
    const move = (ev: PointerEvent) => {
      moved ||= Math.hypot(ev.clientX - start.x, ev.clientY - start.y) > DRAG_THRESHOLD;
      if (moved) setGhost({ kind, x: ev.clientX, y: ev.clientY });
    };
    const up = (ev: PointerEvent) => {
      window.removeEventListener('pointermove', move);
      setGhost(null);
      if (!moved) return addAtCentre(kind);
      const rect = document.getElementById(CANVAS_ID)?.getBoundingClientRect();
      const inside =
        rect &&
        ev.clientX >= rect.left &&
        ev.clientX <= rect.right &&
        ev.clientY >= rect.top &&
        ev.clientY <= rect.bottom;
      if (inside) addAt(kind, { x: ev.clientX, y: ev.clientY });
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up, { once: true });
  };

  return (
    <nav className="palette" aria-label="Steps to add">
      <h2 className="panel-title">Steps</h2>
      <p className="palette__hint">Drag onto the canvas, or press Enter to add in the middle.</p>
      <ul className="palette__list">
        {SPECS.map((k) => (
          <li key={k.kind}>
            <button
              type="button"
              className={`palette__item palette__item--${k.kind}`}
              data-testid={`palette-${k.kind}`}
              disabled={disabled}
              onPointerDown={startDrag(k.kind)}
              onClick={(e) => {
                // A click from the keyboard (detail 0) adds at the centre; the pointer is handled by the drag.
                if (e.detail === 0) addAtCentre(k.kind);
              }}
            >
              <span className="palette__glyph" aria-hidden>
                {k.glyph}
              </span>
              <span>
                <span className="palette__name">{k.title}</span>
                <span className="palette__blurb">{k.blurb}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      {ghost && (
        <div
          className={`palette__ghost palette__item--${ghost.kind}`}
          style={{ left: ghost.x, top: ghost.y }}
          aria-hidden
        >
          <span className="palette__glyph">{specOf(ghost.kind).glyph}</span> {specOf(ghost.kind).title}
        </div>
      )}
    </nav>
  );
}
