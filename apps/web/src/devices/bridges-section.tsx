import { useId, useState } from 'react';

import { useApiClient } from '../api/api-client-context.tsx';
import { listBridges, revokeBridge, type Bridge } from '../api/patient-api.ts';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { BUTTON_STYLES } from '../ui/button-styles.ts';
import { EmptyState } from '../ui/empty-state.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';
import { StatusMessage } from '../ui/status-message.tsx';
import { toError } from '../ui/to-error.ts';
import { BridgeRow } from './bridge-row.tsx';

/** Props of `BridgesSection`. */
export interface BridgesSectionProps {
  patientId: string;
  timeZone: string;
}

/**
 * Renders the bridges paired with the patient, with their last contact and a revoke button,
 * and a button that reloads the list (after pairing a new bridge).
 */
export function BridgesSection({ patientId, timeZone }: BridgesSectionProps) {
  const client = useApiClient();
  const headingId = useId();
  const [reloads, setReloads] = useState(0);
  const [revoked, setRevoked] = useState<ReadonlyMap<string, string>>(new Map());
  const [revokingId, setRevokingId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const bridges = useApiResource(`bridges:${patientId}:${reloads}`, (signal) =>
    listBridges(client, patientId, signal),
  );

  const revoke = (bridge: Bridge) => {
    setRevokingId(bridge.id);
    setError(null);
    setMessage(null);
    revokeBridge(client, patientId, bridge.id).then(
      () => {
        setRevoked((current) => new Map(current).set(bridge.id, new Date().toISOString()));
        setMessage(`${bridge.name} is revoked.`);
        setRevokingId(null);
      },
      (reason: unknown) => {
        setError(toError(reason));
        setRevokingId(null);
      },
    );
  };

  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={headingId} className="text-xl font-semibold">
          Bridges
        </h2>
        <button
          type="button"
          onClick={() => setReloads((n) => n + 1)}
          className={BUTTON_STYLES.secondary}
        >
          Reload bridges
        </button>
      </div>
      <StatusMessage message={message} />
      {error !== null && <ErrorMessage title="The bridge could not be revoked." error={error} />}
      {bridges.status === 'loading' && <LoadingStatus label="Loading bridges…" />}
      {bridges.status === 'error' && (
        <ErrorMessage title="The bridges could not be loaded." error={bridges.error} />
      )}
      {bridges.status === 'success' && bridges.data.length === 0 && (
        <EmptyState>No bridge is paired yet. Create a pairing code below.</EmptyState>
      )}
      {bridges.status === 'success' && bridges.data.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full bg-white text-sm">
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-2 py-1">
                  Name
                </th>
                <th scope="col" className="px-2 py-1">
                  Paired
                </th>
                <th scope="col" className="px-2 py-1">
                  Last seen
                </th>
                <th scope="col" className="px-2 py-1">
                  Status
                </th>
                <th scope="col" className="px-2 py-1">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {bridges.data.map((bridge) => (
                <BridgeRow
                  key={bridge.id}
                  bridge={{
                    ...bridge,
                    revokedAt: bridge.revokedAt ?? revoked.get(bridge.id) ?? null,
                  }}
                  timeZone={timeZone}
                  nowMs={Date.now()}
                  revoking={revokingId === bridge.id}
                  onRevoke={revoke}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
