import { useId, useState, type FormEvent } from 'react';

import type { CareTeam } from '../api/admin-api.ts';
import type { UserProfile } from '../api/me-api.ts';
import { BUTTON_STYLES } from '../ui/button-styles.ts';

/** Props of `CareTeamCard`. */
export interface CareTeamCardProps {
  team: CareTeam;
  users: readonly UserProfile[];
  /** Whether a change of this team is in flight. */
  saving: boolean;
  onSetMember: (team: CareTeam, user: UserProfile, member: boolean) => void;
}

/**
 * Renders one care team: its members (by name and role, or by ID for a user not in the list)
 * with a remove button each, and a form that adds any other user.
 */
export function CareTeamCard({ team, users, saving, onSetMember }: CareTeamCardProps) {
  const headingId = useId();
  const selectId = useId();
  const byId = new Map(users.map((user) => [user.id, user]));
  const candidates = users.filter((user) => !team.memberIds.includes(user.id));
  const [chosenId, setChosenId] = useState('');
  const chosen = candidates.find((user) => user.id === chosenId) ?? candidates[0];

  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (chosen !== undefined) onSetMember(team, chosen, true);
  };

  return (
    <section
      aria-labelledby={headingId}
      className="space-y-2 rounded border border-slate-200 bg-white p-3"
    >
      <h2 id={headingId} className="text-lg font-semibold">
        {team.name}
      </h2>
      {team.memberIds.length === 0 ? (
        <p className="text-sm">No members yet.</p>
      ) : (
        <ul aria-label={`Members of ${team.name}`} className="divide-y divide-slate-200 text-sm">
          {team.memberIds.map((memberId) => {
            const user = byId.get(memberId);
            const name = user?.displayName ?? memberId;
            return (
              <li key={memberId} className="flex items-center justify-between gap-2 py-1">
                <span>
                  {name}{' '}
                  {user !== undefined && <span className="text-slate-600">({user.role})</span>}
                </span>
                {user !== undefined && (
                  <button
                    type="button"
                    disabled={saving}
                    onClick={() => onSetMember(team, user, false)}
                    aria-label={`Remove ${name} from ${team.name}`}
                    className={BUTTON_STYLES.danger}
                  >
                    Remove
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {chosen !== undefined && (
        <form
          onSubmit={add}
          aria-label={`Add a member to ${team.name}`}
          className="flex flex-wrap items-end gap-2"
        >
          <div className="flex flex-col">
            <label htmlFor={selectId} className="text-sm">
              User
            </label>
            <select
              id={selectId}
              value={chosen.id}
              onChange={(event) => setChosenId(event.target.value)}
              className="rounded border border-slate-300 bg-white px-2 py-1"
            >
              {candidates.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.displayName} ({user.role})
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={saving} className={BUTTON_STYLES.secondary}>
            Add member
          </button>
        </form>
      )}
    </section>
  );
}
