import { type ReactNode, useEffect, useId, useRef } from 'react';

export interface DialogProps {
  open: boolean;
  title: string;
  /** Called on Escape (and by the caller's own close buttons). */
  onClose: () => void;
  children: ReactNode;
  /** Role "alertdialog" for urgent questions such as the idle-timeout warning. */
  alert?: boolean;
}

/**
 * A modal dialog on the native <dialog> element: `showModal()` makes the rest
 * of the page inert (focus stays inside), Escape closes it, and focus goes
 * back to the element that had it before the dialog opened.
 */
export function Dialog({ open, title, onClose, children, alert = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const returnTo = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
      returnTo.current?.focus();
    }
  }, [open]);

  useEffect(
    () => () => {
      // Unmounted while open: still give focus back.
      if (ref.current?.open) returnTo.current?.focus();
    },
    [],
  );

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      role={alert ? 'alertdialog' : undefined}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId} className="dialog__title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
