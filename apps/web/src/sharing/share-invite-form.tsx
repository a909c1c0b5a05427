import { useId, useState, type FormEvent } from 'react';

import type { CareTeamListing } from '../api/patient-api.ts';
import { BUTTON_STYLES } from '../ui/button-styles.ts';

/** Props of `ShareInviteForm`. */
export interface ShareInviteFormProps {
  /** Care teams that may be invited: every team without current access. */
  teams: readonly CareTeamListing[];
  saving: boolean;
  onInvite: (team: CareTeamListing) => void;
}

/** Renders the form that gives a chosen care team access to the patient's data. */
export function ShareInviteForm({ teams, saving, onInvite }: ShareInviteFormProps) {
  const selectId = useId();
  const [teamId, setTeamId] = useState('');
  const chosen = teams.find((team) => team.id === teamId) ?? teams[0];

  if (chosen === undefined) {
    return <p className="text-sm">Every care team already has access.</p>;
  }
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onInvite(chosen);
  };
  return (
    <form
      onSubmit={submit}
      aria-label="Invite a care team"
      className="flex flex-wrap items-end gap-3"
    >
      <div className="flex flex-col">
        <label htmlFor={selectId} className="text-sm">
          Care team
        </label>
        <select
          id={selectId}
          value={chosen.id}
          onChange={(event) => setTeamId(event.target.value)}
          className="rounded border border-slate-300 bg-white px-2 py-1"
        >
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={saving} className={BUTTON_STYLES.primary}>
        {saving ? 'Sharing…' : 'Share my data'}
      </button>
    </form>
  );
}
