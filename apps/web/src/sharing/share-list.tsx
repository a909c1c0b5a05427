import type { Share } from '../api/patient-api.ts';
import { formatZonedDate } from '../time/format-time.ts';
import { ConfirmButton } from '../ui/confirm-button.tsx';
import { EmptyState } from '../ui/empty-state.tsx';

/** Props of `ShareList`. */
export interface ShareListProps {
  shares: readonly Share[];
  timeZone: string;
  /** Team whose revocation is in flight, or null. */
  revokingTeamId: string | null;
  onRevoke: (share: Share) => void;
}

/**
 * Renders who has access: the care teams with current access, each with a revoke button, then
 * the teams whose access was revoked.
 */
export function ShareList({ shares, timeZone, revokingTeamId, onRevoke }: ShareListProps) {
  const date = (iso: string) => formatZonedDate(timeZone, Date.parse(iso));
  const current = shares.filter((share) => share.revokedAt === null);
  const past = shares.filter((share) => share.revokedAt !== null);

  return (
    <div className="space-y-3">
      {current.length === 0 ? (
        <EmptyState>No care team has access to your data.</EmptyState>
      ) : (
        <ul
          aria-label="Care teams with access"
          className="divide-y divide-slate-200 rounded border border-slate-200 bg-white"
        >
          {current.map((share) => (
            <li
              key={share.teamId}
              className="flex flex-wrap items-center justify-between gap-2 p-2"
            >
              <span>
                <span className="font-semibold">{share.teamName}</span>{' '}
                <span className="text-sm text-slate-600">since {date(share.grantedAt)}</span>
              </span>
              <ConfirmButton
                label={revokingTeamId === share.teamId ? 'Revoking…' : 'Revoke access'}
                accessibleLabel={`Revoke access of ${share.teamName}`}
                question={`Stop sharing with ${share.teamName}?`}
                confirmLabel="Yes, revoke"
                disabled={revokingTeamId === share.teamId}
                onConfirm={() => onRevoke(share)}
              />
            </li>
          ))}
        </ul>
      )}
      {past.length > 0 && (
        <ul aria-label="Revoked access" className="text-sm text-slate-700">
          {past.map((share) => (
            <li key={share.teamId}>
              {share.teamName}: shared {date(share.grantedAt)}, revoked{' '}
              {date(share.revokedAt ?? share.grantedAt)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
