/** A modal dialog on the native <dialog> element: focus trapped, Escape closes, focus returns after. */
import { useEffect, useRef, type ReactNode } from 'react';

interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer: ReactNode;
  testId?: string;
}

export function Dialog({ open, title, onClose, children, footer, testId }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${testId ?? 'dialog'}-title`}
      data-testid={testId}
      onClose={onClose}
    >
      {open && (
        <form method="dialog" className="dialog__form" onSubmit={(e) => e.preventDefault()}>
          <h2 className="dialog__title" id={`${testId ?? 'dialog'}-title`}>
            {title}
          </h2>
          <div className="dialog__body">{children}</div>
          <div className="dialog__footer">{footer}</div>
        </form>
      )}
    </dialog>
  );
}
