/** Folds a side panel away to give the canvas room, and brings it back. */
export function PanelToggle({
  open,
  side,
  name,
  onToggle,
}: {
  open: boolean;
  side: 'left' | 'right';
  name: string;
  onToggle: () => void;
}) {
  // The arrow points where the panel goes: away when folding, back when unfolding.
  const arrow = (side === 'left') === open ? '‹' : '›';
  return (
    <button
      type="button"
      className={`panel-toggle panel-toggle--${side}`}
      aria-expanded={open}
      aria-label={open ? `Fold ${name}` : `Show ${name}`}
      title={open ? `Fold ${name}` : `Show ${name}`}
      onClick={onToggle}
      data-testid={`toggle-${side}`}
    >
      {arrow}
    </button>
  );
}
