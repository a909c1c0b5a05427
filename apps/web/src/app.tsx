import { useMemo, useState } from 'react';

import { clearDevUserId, readDevUserId, storeDevUserId } from './auth/dev-session.ts';
import type { Navigate } from './auth/oidc-session.ts';
import { SignedInApp, type SignedInSession } from './auth/signed-in-app.tsx';
import { SignIn } from './auth/sign-in.tsx';

/** Props of `App`. */
export interface AppProps {
  /** Replaces browser navigation to the identity provider (tests). */
  navigate?: Navigate;
}

/**
 * Renders the dashboard: the sign-in the API offers (OpenID Connect, or the development login)
 * until a user signs in, then that user's patient page. A development login's user ID is kept
 * in sessionStorage for this tab only.
 */
export function App({ navigate }: AppProps = {}) {
  const [devUserId, setDevUserId] = useState<string | null>(() => readDevUserId());
  const session = useMemo<SignedInSession | null>(
    () => (devUserId === null ? null : { kind: 'development', userId: devUserId }),
    [devUserId],
  );

  if (session === null) {
    return (
      <SignIn
        navigate={navigate}
        onDevSignIn={(user) => {
          storeDevUserId(user.id);
          setDevUserId(user.id);
        }}
      />
    );
  }
  return (
    <SignedInApp
      key={devUserId}
      session={session}
      onSignOut={() => {
        clearDevUserId();
        setDevUserId(null);
      }}
    />
  );
}
