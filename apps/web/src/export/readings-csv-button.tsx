import { useEffect, useRef, useState } from 'react';

import { useApiClient } from '../api/api-client-context.tsx';
import type { PeriodQuery } from '../api/client.ts';
import { downloadReadingsCsv } from '../api/export-api.ts';
import { BUTTON_STYLES } from '../ui/button-styles.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { toError } from '../ui/to-error.ts';
import { saveBlob } from './save-blob.ts';

/** Props of `ReadingsCsvButton`. */
export interface ReadingsCsvButtonProps {
  patientId: string;
  /** The period on screen, as ISO instants: `from` inclusive, `to` exclusive. */
  period: PeriodQuery;
}

/**
 * Renders the "Download CGM data (CSV)" button. It fetches the readings of `period` with the
 * signed-in user's credentials and saves them under the server's file name. While the request
 * runs the button reads "Downloading…" and ignores presses, and a failure shows the API's
 * message below it. Unmounting aborts a running download.
 */
export function ReadingsCsvButton({ patientId, period }: ReadingsCsvButtonProps) {
  const client = useApiClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const controllerRef = useRef<AbortController | null>(null);

  useEffect(() => () => controllerRef.current?.abort(), []);

  const download = () => {
    if (controllerRef.current !== null) {
      return;
    }
    const controller = new AbortController();
    controllerRef.current = controller;
    setBusy(true);
    setError(null);
    downloadReadingsCsv(client, patientId, period, controller.signal)
      .then(({ blob, fileName }) => saveBlob(blob, fileName))
      .catch((reason: unknown) => {
        if (!controller.signal.aborted) {
          setError(toError(reason));
        }
      })
      .finally(() => {
        controllerRef.current = null;
        if (!controller.signal.aborted) {
          setBusy(false);
        }
      });
  };

  return (
    <div className="space-y-1 print:hidden">
      {/* aria-disabled in place of disabled keeps keyboard focus on the button while busy. */}
      <button
        type="button"
        onClick={download}
        aria-disabled={busy}
        className={`${BUTTON_STYLES.secondary} aria-disabled:opacity-60`}
      >
        {busy ? 'Downloading…' : 'Download CGM data (CSV)'}
      </button>
      {error !== null && (
        <ErrorMessage title="The CGM data could not be downloaded." error={error} />
      )}
    </div>
  );
}
