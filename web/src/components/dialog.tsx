import type { ReactNode, RefObject } from 'react';

/**
 * A modal dialog over the page: a click on the backdrop or Escape closes it, Ctrl+Enter (⌘+Enter)
 * calls `onSubmit`, or without it submits the dialog's form, and keys typed inside never reach the page's shortcuts.
 * With `dialogRef` the dialog itself can take focus (tabIndex -1), so Escape works before any field has it.
 */
export function Dialog({
  className,
  label,
  labelledBy,
  testId,
  dialogRef,
  onClose,
  onSubmit,
  children,
}: {
  className?: string;
  label?: string;
  labelledBy?: string;
  testId?: string;
  dialogRef?: RefObject<HTMLDivElement | null>;
  onClose: () => void;
  onSubmit?: () => void;
  children: ReactNode;
}) {
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        ref={dialogRef}
        tabIndex={dialogRef ? -1 : undefined}
        className={className ? `dialog ${className}` : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        aria-labelledby={labelledBy}
        data-testid={testId}
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Escape') onClose();
          else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            // Without onSubmit, the form being filled in (or the dialog's only form) is submitted, as its button would.
            const form = onSubmit ? null : ((event.target as Element).closest?.('form') ?? event.currentTarget.querySelector('form'));
            if (!onSubmit && !form) return;
            event.preventDefault();
            if (onSubmit) onSubmit();
            else form?.requestSubmit();
          }
        }}
      >
        {children}
      </div>
    </div>
  );
}
