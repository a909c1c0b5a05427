import { useMemo } from 'react';

import { ApiClientProvider } from '../api/api-client-context.tsx';
import { createApiClient, type ApiClient } from '../api/client.ts';
import type { DevUser } from '../api/types.ts';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { PatientsPage } from '../patients/patients-page.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';
import { AppHeader } from './app-header.tsx';

/** Credentials of the signed-in user: a development login's user ID, or OpenID Connect tokens. */
export type SignedInSession =
  | { kind: 'development'; userId: string }
  | { kind: 'oidc'; subject: string; getAccessToken: () => Promise<string | null> };

/** Props of `SignedInApp`. */
export interface SignedInAppProps {
  session: SignedInSession;
  onSignOut: () => void;
}

/**
 * Renders the app for a signed-in user. It loads the user's name and role (from the development
 * user list, or from `GET /api/v1/auth/me` with a token), then shows the patient page. A user
 * the API does not know (after a database reset) shows an error, and the sign-out button stays
 * available.
 */
export function SignedInApp({ session, onSignOut }: SignedInAppProps) {
  const client = useMemo(() => clientFor(session), [session]);
  const key = session.kind === 'development' ? session.userId : session.subject;
  const user = useApiResource(`user:${session.kind}:${key}`, (signal) =>
    loadUser(client, session, signal),
  );
  const signedInUser = user.status === 'success' ? user.data : null;

  return (
    <ApiClientProvider client={client}>
      <AppHeader
        user={signedInUser}
        developmentLogin={session.kind === 'development'}
        onSignOut={onSignOut}
      />
      <main className="mx-auto max-w-6xl space-y-6 p-6">
        {user.status === 'loading' && <LoadingStatus label="Loading your account…" />}
        {user.status === 'error' && (
          <ErrorMessage title="Your account could not be loaded." error={user.error} />
        )}
        {user.status === 'success' && signedInUser === null && (
          <ErrorMessage
            title="The signed-in user was not found."
            error={new Error('Sign out and choose a user from the development login again.')}
          />
        )}
        {signedInUser !== null && <PatientsPage role={signedInUser.role} />}
      </main>
    </ApiClientProvider>
  );
}

function clientFor(session: SignedInSession): ApiClient {
  if (session.kind === 'development') {
    return createApiClient(session.userId);
  }
  return createApiClient(null, { getAccessToken: session.getAccessToken });
}

async function loadUser(
  client: ApiClient,
  session: SignedInSession,
  signal: AbortSignal,
): Promise<DevUser | null> {
  if (session.kind === 'oidc') {
    return client.getCurrentUser(signal);
  }
  const users = await client.listDevUsers(signal);
  return users.find((candidate) => candidate.id === session.userId) ?? null;
}
