import { useMemo } from 'react';

import { createApiClient } from '../api/client.ts';
import type { DevUser } from '../api/types.ts';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';
import { DevUserList } from './dev-user-list.tsx';

/** Props of `DevLoginPage` and `DevLoginSection`. */
export interface DevLoginPageProps {
  onSignIn: (user: DevUser) => void;
}

/**
 * Renders the development login, which lists `GET /api/v1/dev/users` and signs in as the
 * chosen user without a password. The API accepts it only while its development login is on.
 */
export function DevLoginPage({ onSignIn }: DevLoginPageProps) {
  return (
    <main className="mx-auto max-w-md space-y-4 p-6">
      <h1 className="text-2xl font-bold">Phoenix Ascend</h1>
      <DevLoginSection onSignIn={onSignIn} />
    </main>
  );
}

/** Renders the development login's user list as a page section. */
export function DevLoginSection({ onSignIn }: DevLoginPageProps) {
  const client = useMemo(() => createApiClient(null), []);
  const users = useApiResource('dev-users', (signal) => client.listDevUsers(signal));

  return (
    <section aria-labelledby="dev-login-heading" className="space-y-3">
      <h2 id="dev-login-heading" className="text-xl font-semibold">
        Development login
      </h2>
      <p className="rounded border border-amber-400 bg-amber-50 p-3 text-sm text-amber-900">
        For development only: there is no password, and the app sends the chosen user ID in the
        X-Dev-User header.
      </p>
      {users.status === 'loading' && <LoadingStatus label="Loading users…" />}
      {users.status === 'error' && (
        <ErrorMessage title="The user list could not be loaded." error={users.error} />
      )}
      {users.status === 'success' && <DevUserList users={users.data} onSignIn={onSignIn} />}
    </section>
  );
}
