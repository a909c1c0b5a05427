import { useId, useState } from 'react';

import {
  createCareTeam,
  listCareTeamsWithMembers,
  listUsers,
  setCareTeamMember,
  type CareTeam,
} from '../api/admin-api.ts';
import { useApiClient } from '../api/api-client-context.tsx';
import type { UserProfile } from '../api/me-api.ts';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { EmptyState } from '../ui/empty-state.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';
import { StatusMessage } from '../ui/status-message.tsx';
import { toError } from '../ui/to-error.ts';
import { CareTeamCard } from './care-team-card.tsx';
import { CreateTeamForm } from './create-team-form.tsx';

/** Renders the admin's care teams: create teams, add and remove members. */
export function CareTeamsPage() {
  const client = useApiClient();
  const headingId = useId();
  const data = useApiResource('admin-care-teams', (signal) =>
    Promise.all([listCareTeamsWithMembers(client, signal), listUsers(client, signal)]),
  );
  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <h1 id={headingId} className="text-2xl font-bold">
        Care teams
      </h1>
      {data.status === 'loading' && <LoadingStatus label="Loading care teams…" />}
      {data.status === 'error' && (
        <ErrorMessage title="The care teams could not be loaded." error={data.error} />
      )}
      {data.status === 'success' && <TeamEditor initial={data.data[0]} users={data.data[1]} />}
    </section>
  );
}

function TeamEditor({ initial, users }: { initial: CareTeam[]; users: UserProfile[] }) {
  const client = useApiClient();
  const [teams, setTeams] = useState(initial);
  const [savingId, setSavingId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);

  const run = async (id: string, action: () => Promise<string>) => {
    setSavingId(id);
    setMessage(null);
    setError(null);
    try {
      setMessage(await action());
    } catch (reason) {
      setError(toError(reason));
      throw reason;
    } finally {
      setSavingId(null);
    }
  };
  const create = (name: string) =>
    run('new', async () => {
      const team = await createCareTeam(client, name);
      setTeams((current) => [...current, team]);
      return `${team.name} was created.`;
    });
  const setMember = (team: CareTeam, user: UserProfile, member: boolean) => {
    run(team.id, async () => {
      await setCareTeamMember(client, team.id, user.id, member);
      const memberIds = member
        ? [...team.memberIds, user.id]
        : team.memberIds.filter((id) => id !== user.id);
      setTeams((current) =>
        current.map((entry) => (entry.id === team.id ? { ...entry, memberIds } : entry)),
      );
      return member
        ? `${user.displayName} was added to ${team.name}.`
        : `${user.displayName} was removed from ${team.name}.`;
    }).catch(() => undefined);
  };

  return (
    <>
      <CreateTeamForm saving={savingId === 'new'} onCreate={create} />
      <StatusMessage message={message} />
      {error !== null && <ErrorMessage title="The change could not be saved." error={error} />}
      {teams.length === 0 ? (
        <EmptyState>There are no care teams.</EmptyState>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          {teams.map((team) => (
            <CareTeamCard
              key={team.id}
              team={team}
              users={users}
              saving={savingId === team.id}
              onSetMember={setMember}
            />
          ))}
        </div>
      )}
    </>
  );
}
