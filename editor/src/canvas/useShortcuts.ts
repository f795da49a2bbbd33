/** Keyboard shortcuts of the canvas: delete, copy/cut/paste, select all, undo/redo, save. */
import { useEffect } from 'react';
import { useEditor } from '../store';
import { CANVAS_ID } from './Canvas';

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function useShortcuts(save: () => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 's') {
        e.preventDefault();
        save();
        return;
      }
      // Fields keep their own keys (typing, their own undo); so do open dialogs.
      if (isTyping(e.target) || document.querySelector('dialog[open]')) return;
      const editor = useEditor.getState();
      if (editor.overlay.kind === 'diff') return;
      const withModifier: Record<string, (() => void) | undefined> = {
        z: e.shiftKey ? editor.redo : editor.undo,
        y: editor.redo,
        c: editor.copySelection,
        x: () => {
          editor.copySelection();
          editor.deleteSelection();
        },
        v: editor.paste,
        a: editor.selectAll,
      };
      // Delete only acts on the canvas, so the key keeps its meaning in lists and panels.
      const onCanvas =
        e.target === document.body || (e.target instanceof Element && e.target.closest(`#${CANVAS_ID}`) !== null);
      const deletes = onCanvas && (e.key === 'Delete' || e.key === 'Backspace');
      const action = mod ? withModifier[key] : deletes ? editor.deleteSelection : undefined;
      if (!action) return;
      e.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save]);
}
