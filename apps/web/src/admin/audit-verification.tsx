import { useState } from 'react';

import { verifyAuditTrail, type AuditVerification } from '../api/admin-api.ts';
import { useApiClient } from '../api/api-client-context.tsx';
import { formatCount } from '../statistics/format-statistics.ts';
import { BUTTON_STYLES } from '../ui/button-styles.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { toError } from '../ui/to-error.ts';

/**
 * Renders "Verify the audit chain": it requests a recomputation of the hash chain from the API
 * and shows whether the chain is intact, or the first broken event and the reason.
 */
export function AuditVerificationPanel() {
  const client = useApiClient();
  const [state, setState] = useState<
    | { status: 'idle' | 'running' }
    | { status: 'done'; result: AuditVerification }
    | { status: 'failed'; error: Error }
  >({ status: 'idle' });

  const verify = () => {
    setState({ status: 'running' });
    verifyAuditTrail(client).then(
      (result) => setState({ status: 'done', result }),
      (reason: unknown) => setState({ status: 'failed', error: toError(reason) }),
    );
  };

  return (
    <div className="space-y-2">
      <button
        type="button"
        onClick={verify}
        disabled={state.status === 'running'}
        className={BUTTON_STYLES.secondary}
      >
        {state.status === 'running' ? 'Verifying…' : 'Verify the audit chain'}
      </button>
      {state.status === 'failed' && (
        <ErrorMessage title="The audit chain could not be verified." error={state.error} />
      )}
      {state.status === 'done' && state.result.ok && (
        <p role="status" className="rounded border border-green-300 bg-green-50 p-2 text-green-900">
          The audit chain is intact: {formatCount(state.result.checked)} events checked.
        </p>
      )}
      {state.status === 'done' && !state.result.ok && (
        <div role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-red-900">
          <p className="font-semibold">
            The audit chain is broken at event {state.result.firstBrokenId ?? 'unknown'}.
          </p>
          <p>
            {state.result.reason ?? 'No reason given.'} {formatCount(state.result.checked)} events
            checked.
          </p>
        </div>
      )}
    </div>
  );
}
