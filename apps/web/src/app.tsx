import { useState } from 'react';

import { DevLoginPage } from './auth/dev-login-page.tsx';
import { clearDevUserId, readDevUserId, storeDevUserId } from './auth/dev-session.ts';
import { SignedInApp } from './auth/signed-in-app.tsx';

/**
 * Renders the dashboard: the development login until a user is chosen, then that user's
 * patient page. The chosen user ID is kept in sessionStorage for this tab only.
 */
export function App() {
  const [userId, setUserId] = useState<string | null>(() => readDevUserId());

  if (userId === null) {
    return (
      <DevLoginPage
        onSignIn={(user) => {
          storeDevUserId(user.id);
          setUserId(user.id);
        }}
      />
    );
  }
  return (
    <SignedInApp
      key={userId}
      userId={userId}
      onSignOut={() => {
        clearDevUserId();
        setUserId(null);
      }}
    />
  );
}
