import { useMemo } from 'react';

import { ApiClientProvider } from '../api/api-client-context.tsx';
import { createApiClient } from '../api/client.ts';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { PatientsPage } from '../patients/patients-page.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';
import { AppHeader } from './app-header.tsx';

/** Props of `SignedInApp`. */
export interface SignedInAppProps {
  userId: string;
  onSignOut: () => void;
}

/**
 * Renders the app for a signed-in user. It looks the user up in the development user list to
 * learn the role, then shows the patient page. An ID missing from the list (after a database
 * reset) shows an error, and the sign-out button stays available.
 */
export function SignedInApp({ userId, onSignOut }: SignedInAppProps) {
  const client = useMemo(() => createApiClient(userId), [userId]);
  const users = useApiResource(`dev-users:${userId}`, (signal) => client.listDevUsers(signal));
  const user =
    users.status === 'success'
      ? (users.data.find((candidate) => candidate.id === userId) ?? null)
      : null;

  return (
    <ApiClientProvider client={client}>
      <AppHeader user={user} onSignOut={onSignOut} />
      <main className="mx-auto max-w-6xl space-y-6 p-6">
        {users.status === 'loading' && <LoadingStatus label="Loading your account…" />}
        {users.status === 'error' && (
          <ErrorMessage title="Your account could not be loaded." error={users.error} />
        )}
        {users.status === 'success' && user === null && (
          <ErrorMessage
            title="The signed-in user was not found."
            error={new Error('Sign out and choose a user from the development login again.')}
          />
        )}
        {user !== null && <PatientsPage role={user.role} />}
      </main>
    </ApiClientProvider>
  );
}
