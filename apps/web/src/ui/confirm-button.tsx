import { useEffect, useRef, useState } from 'react';

import { BUTTON_STYLES } from './button-styles.ts';

/** Props of `ConfirmButton`. */
export interface ConfirmButtonProps {
  /** Text of the first button, for example "Revoke". */
  label: string;
  /** Accessible name of the first button when the label alone is ambiguous in a list. */
  accessibleLabel?: string;
  /** Question shown after the first press, for example "Revoke the bridge Kitchen phone?" */
  question: string;
  /** Text of the confirming button. */
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
}

/**
 * Renders a button for an action that cannot be undone. The first press shows the question
 * and moves focus to the confirming button, and "Cancel" returns focus to the first button.
 */
export function ConfirmButton({
  label,
  accessibleLabel,
  question,
  confirmLabel,
  onConfirm,
  disabled = false,
}: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement | null>(null);
  const firstRef = useRef<HTMLButtonElement | null>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (asking) {
      confirmRef.current?.focus();
    } else if (returnFocus.current) {
      returnFocus.current = false;
      firstRef.current?.focus();
    }
  }, [asking]);

  if (!asking) {
    return (
      <button
        ref={firstRef}
        type="button"
        disabled={disabled}
        aria-label={accessibleLabel}
        onClick={() => setAsking(true)}
        className={BUTTON_STYLES.danger}
      >
        {label}
      </button>
    );
  }
  return (
    <div role="group" aria-label={question} className="flex flex-wrap items-center gap-2">
      <span className="text-sm">{question}</span>
      <button
        ref={confirmRef}
        type="button"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
        className={BUTTON_STYLES.danger}
      >
        {confirmLabel}
      </button>
      <button
        type="button"
        onClick={() => {
          returnFocus.current = true;
          setAsking(false);
        }}
        className={BUTTON_STYLES.secondary}
      >
        Cancel
      </button>
    </div>
  );
}
