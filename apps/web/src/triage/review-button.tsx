import { useState } from 'react';

import { useApiClient } from '../api/api-client-context.tsx';
import { markReviewed } from '../api/triage-api.ts';
import { ErrorMessage } from '../ui/error-message.tsx';

/** Props of `ReviewButton`. */
export interface ReviewButtonProps {
  patientId: string;
  patientName: string;
  /** Receives the review time the API stored (ISO instant). */
  onReviewed: (reviewedAt: string) => void;
}

/**
 * Renders the "Mark reviewed" button of one patient. It posts the review, then reports the
 * stored time; a failure shows the error with its request ID below the button.
 */
export function ReviewButton({ patientId, patientName, onReviewed }: ReviewButtonProps) {
  const client = useApiClient();
  const [state, setState] = useState<{ saving: boolean; error: Error | null }>({
    saving: false,
    error: null,
  });

  const review = () => {
    setState({ saving: true, error: null });
    markReviewed(client, patientId).then(
      ({ reviewedAt }) => {
        setState({ saving: false, error: null });
        onReviewed(reviewedAt);
      },
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        setState({ saving: false, error: failure });
      },
    );
  };

  return (
    <div className="space-y-1">
      <button
        type="button"
        onClick={review}
        disabled={state.saving}
        aria-label={`Mark ${patientName} reviewed`}
        className="rounded border border-slate-400 bg-white px-2 py-1 text-sm whitespace-nowrap hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 disabled:opacity-60"
      >
        {state.saving ? 'Saving…' : 'Mark reviewed'}
      </button>
      {state.error !== null && (
        <ErrorMessage title="The review could not be saved." error={state.error} />
      )}
    </div>
  );
}
