import { useMemo } from 'react';

import { createApiClient } from '../api/client.ts';
import type { DevUser } from '../api/types.ts';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';
import { DevLoginPage } from './dev-login-page.tsx';
import { OidcApp } from './oidc-app.tsx';
import type { Navigate } from './oidc-session.ts';

/** Props of `SignIn`. */
export interface SignInProps {
  /** Replaces browser navigation to the identity provider (tests). */
  navigate?: Navigate;
  onDevSignIn: (user: DevUser) => void;
}

/**
 * Loads `GET /api/v1/auth/config` and renders the sign-in the API offers: OpenID Connect when
 * an issuer is configured (with the development login below it when that is on too), or the
 * development login alone.
 */
export function SignIn({ navigate, onDevSignIn }: SignInProps) {
  const client = useMemo(() => createApiClient(null), []);
  const config = useApiResource('auth-config', (signal) => client.getAuthConfig(signal));

  if (config.status === 'success') {
    const { issuer } = config.data;
    if (issuer !== null) {
      return (
        <OidcApp
          config={{ ...config.data, issuer }}
          navigate={navigate}
          onDevSignIn={onDevSignIn}
        />
      );
    }
    if (config.data.devLogin) {
      return <DevLoginPage onSignIn={onDevSignIn} />;
    }
  }
  return (
    <main className="mx-auto max-w-md space-y-4 p-6">
      <h1 className="text-2xl font-bold">Phoenix Ascend</h1>
      {config.status === 'loading' && <LoadingStatus label="Loading the sign-in settings…" />}
      {config.status === 'error' && (
        <ErrorMessage title="The sign-in settings could not be loaded." error={config.error} />
      )}
      {config.status === 'success' && (
        <ErrorMessage
          title="Sign-in is not configured."
          error={
            new Error(
              'The API accepts no sign-in. Set OIDC_ISSUER, or PHOENIX_DEV_LOGIN=1 for development.',
            )
          }
        />
      )}
    </main>
  );
}
