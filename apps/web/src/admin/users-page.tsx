import { useId, useState } from 'react';

import { changeUserRole, createUser, listUsers } from '../api/admin-api.ts';
import { useApiClient } from '../api/api-client-context.tsx';
import type { UserProfile } from '../api/me-api.ts';
import type { UserRole } from '../api/types.ts';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { usePreferences } from '../preferences/preferences-context.tsx';
import { EmptyState } from '../ui/empty-state.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';
import { StatusMessage } from '../ui/status-message.tsx';
import { toError } from '../ui/to-error.ts';
import { CreateUserForm, type NewUser } from './create-user-form.tsx';
import { UserRow } from './user-row.tsx';

/** Renders the admin's user list: create users and change their roles. */
export function UsersPage() {
  const client = useApiClient();
  const headingId = useId();
  const users = useApiResource('admin-users', (signal) => listUsers(client, signal));
  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <h1 id={headingId} className="text-2xl font-bold">
        Users
      </h1>
      {users.status === 'loading' && <LoadingStatus label="Loading users…" />}
      {users.status === 'error' && (
        <ErrorMessage title="The users could not be loaded." error={users.error} />
      )}
      {users.status === 'success' && <UserEditor initial={users.data} />}
    </section>
  );
}

function UserEditor({ initial }: { initial: UserProfile[] }) {
  const client = useApiClient();
  const { profile } = usePreferences();
  const [users, setUsers] = useState(initial);
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
  const create = (user: NewUser) =>
    run('new', async () => {
      const { username, initialPassword, ...created } = await createUser(client, user);
      setUsers((current) => [...current, created]);
      const summary = `${created.displayName} was created as ${created.role}.`;
      if (username === undefined || initialPassword === undefined) return summary;
      // The API returns the initial password only in this response, so it is shown only here.
      return `${summary} User name ${username}, initial password ${initialPassword} (shown once).`;
    });
  const changeRole = (user: UserProfile, role: UserRole) => {
    run(user.id, async () => {
      const changed = await changeUserRole(client, user.id, role);
      setUsers((current) => current.map((entry) => (entry.id === changed.id ? changed : entry)));
      return `${changed.displayName} is now ${changed.role}.`;
    }).catch(() => undefined);
  };

  return (
    <>
      <CreateUserForm saving={savingId === 'new'} onCreate={create} />
      <StatusMessage message={message} />
      {error !== null && <ErrorMessage title="The change could not be saved." error={error} />}
      {users.length === 0 ? (
        <EmptyState>There are no users.</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full bg-white text-sm">
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-2 py-1">
                  Name
                </th>
                <th scope="col" className="px-2 py-1">
                  Role
                </th>
                <th scope="col" className="px-2 py-1">
                  Unit
                </th>
                <th scope="col" className="px-2 py-1">
                  Time zone
                </th>
                <th scope="col" className="px-2 py-1">
                  User ID
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <UserRow
                  key={user.id}
                  user={user}
                  isSelf={user.id === profile.id}
                  saving={savingId === user.id}
                  onChangeRole={changeRole}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
