import type { Bridge } from '../api/patient-api.ts';
import { formatTimeAgo } from '../time/format-time.ts';
import { formatZonedDateTime } from '../time/time-zone.ts';
import { ConfirmButton } from '../ui/confirm-button.tsx';

/** Props of `BridgeRow`. */
export interface BridgeRowProps {
  bridge: Bridge;
  timeZone: string;
  nowMs: number;
  /** Whether a revocation of this bridge is in flight. */
  revoking: boolean;
  onRevoke: (bridge: Bridge) => void;
}

/** Renders one bridge: name, pairing time, last contact, status and the revoke button. */
export function BridgeRow({ bridge, timeZone, nowMs, revoking, onRevoke }: BridgeRowProps) {
  const time = (iso: string) => formatZonedDateTime(timeZone, Date.parse(iso));
  return (
    <tr className="border-t border-slate-200 align-top">
      <th scope="row" className="px-2 py-1 text-left font-normal">
        {bridge.name}
      </th>
      <td className="px-2 py-1">{time(bridge.createdAt)}</td>
      <td className="px-2 py-1">
        {bridge.lastSeenAt === null
          ? 'Never'
          : `${formatTimeAgo(nowMs, Date.parse(bridge.lastSeenAt))} (${time(bridge.lastSeenAt)})`}
      </td>
      <td className="px-2 py-1">
        {bridge.revokedAt === null ? 'Active' : `Revoked ${time(bridge.revokedAt)}`}
      </td>
      <td className="px-2 py-1">
        {bridge.revokedAt === null && (
          <ConfirmButton
            label={revoking ? 'Revoking…' : 'Revoke'}
            accessibleLabel={`Revoke ${bridge.name}`}
            question={`Revoke ${bridge.name}? It can no longer upload.`}
            confirmLabel="Yes, revoke"
            disabled={revoking}
            onConfirm={() => onRevoke(bridge)}
          />
        )}
      </td>
    </tr>
  );
}
