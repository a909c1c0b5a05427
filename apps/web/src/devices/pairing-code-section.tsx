import { useId, useState } from 'react';

import { useApiClient } from '../api/api-client-context.tsx';
import { createPairingCode, type PairingCode } from '../api/patient-api.ts';
import { formatZonedDateTime } from '../time/time-zone.ts';
import { BUTTON_STYLES } from '../ui/button-styles.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { toError } from '../ui/to-error.ts';

/** Props of `PairingCodeSection`. */
export interface PairingCodeSectionProps {
  patientId: string;
  timeZone: string;
}

/**
 * Renders "Create pairing code": it requests a one-time code, valid 15 minutes, from the API
 * and shows it with its expiry and the bridge command that redeems it.
 */
export function PairingCodeSection({ patientId, timeZone }: PairingCodeSectionProps) {
  const client = useApiClient();
  const headingId = useId();
  const [code, setCode] = useState<PairingCode | null>(null);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const create = () => {
    setCreating(true);
    setError(null);
    createPairingCode(client, patientId).then(
      (created) => {
        setCode(created);
        setCreating(false);
      },
      (reason: unknown) => {
        setError(toError(reason));
        setCreating(false);
      },
    );
  };

  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h2 id={headingId} className="text-xl font-semibold">
        Pair a bridge
      </h2>
      <p className="text-sm">
        A bridge (a phone or computer that relays your devices&apos; data) pairs with a one-time
        code that is valid for 15 minutes.
      </p>
      <button type="button" onClick={create} disabled={creating} className={BUTTON_STYLES.primary}>
        {creating ? 'Creating…' : 'Create pairing code'}
      </button>
      {error !== null && (
        <ErrorMessage title="The pairing code could not be created." error={error} />
      )}
      <div role="status">
        {code !== null && (
          <div className="space-y-1 rounded border border-blue-300 bg-blue-50 p-3">
            <p>
              Pairing code: <code className="text-2xl font-bold tracking-widest">{code.code}</code>
            </p>
            <p className="text-sm">
              Valid until {formatZonedDateTime(timeZone, Date.parse(code.expiresAt))}. On the
              bridge, run:
            </p>
            <pre className="overflow-x-auto rounded bg-slate-900 p-2 text-sm text-white">
              phoenix-bridge pair --code {code.code} --api {window.location.origin}
            </pre>
          </div>
        )}
      </div>
    </section>
  );
}
