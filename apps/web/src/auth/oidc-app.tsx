import { useEffect, useMemo, useRef, useState } from 'react';

import type { AuthConfig, DevUser } from '../api/types.ts';
import { LoadingStatus } from '../ui/loading-status.tsx';
import {
  CALLBACK_PATH,
  createOidcSession,
  type Navigate,
  type OidcSession,
  type OidcUser,
} from './oidc-session.ts';
import { OidcSignInPage } from './oidc-sign-in-page.tsx';
import { SignedInApp, type SignedInSession } from './signed-in-app.tsx';

/** Props of `OidcApp`. */
export interface OidcAppProps {
  config: AuthConfig & { issuer: string };
  /** Replaces browser navigation to the provider (tests). */
  navigate?: Navigate;
  onDevSignIn: (user: DevUser) => void;
}

type OidcState =
  | { status: 'starting' }
  | { status: 'signed-out'; error: Error | null }
  | { status: 'signed-in'; user: OidcUser }
  | { status: 'leaving' };

/**
 * Renders the app behind OpenID Connect sign-in: the sign-in page, the callback that
 * completes it, then the signed-in app, whose sign-out ends the session at the provider.
 */
export function OidcApp({ config, navigate, onDevSignIn }: OidcAppProps) {
  const [oidc] = useState(() => createOidcSession(config, window.location.origin, navigate));
  const [state, setState] = useState<OidcState>({ status: 'starting' });
  const resumed = useRef<Promise<OidcUser | null> | null>(null);
  const leaving = useRef(false);

  useEffect(() => {
    oidc.startRenewal();
    const unsubscribe = oidc.onSignedOut(() => {
      if (!leaving.current) {
        setState({ status: 'signed-out', error: new Error('Your session ended. Sign in again.') });
      }
    });
    return () => {
      unsubscribe();
      oidc.stopRenewal();
    };
  }, [oidc]);

  useEffect(() => {
    let active = true;
    // The callback's code can be redeemed once, so a second run of this effect (React's strict
    // mode runs effects twice in development) waits for the same promise.
    resumed.current ??= resume(oidc);
    resumed.current.then(
      (user) => {
        if (active)
          setState(user ? { status: 'signed-in', user } : { status: 'signed-out', error: null });
      },
      (error: unknown) => {
        if (active) setState({ status: 'signed-out', error: signInError(error) });
      },
    );
    return () => {
      active = false;
    };
  }, [oidc]);

  const subject = state.status === 'signed-in' ? state.user.profile.sub : null;
  const session = useMemo<SignedInSession | null>(
    () =>
      subject === null ? null : { kind: 'oidc', subject, getAccessToken: oidc.getAccessToken },
    [oidc, subject],
  );

  if (state.status === 'signed-out') {
    const signIn = () => {
      oidc
        .signIn()
        .catch((error: unknown) => setState({ status: 'signed-out', error: signInError(error) }));
    };
    return (
      <OidcSignInPage
        onSignIn={signIn}
        error={state.error}
        devLogin={config.devLogin}
        onDevSignIn={onDevSignIn}
      />
    );
  }
  if (session === null) {
    const label = state.status === 'leaving' ? 'Signing out…' : 'Signing in…';
    return (
      <main className="mx-auto max-w-md p-6">
        <LoadingStatus label={label} />
      </main>
    );
  }
  const signOut = () => {
    leaving.current = true;
    setState({ status: 'leaving' });
    oidc.signOut().catch((error: unknown) => {
      leaving.current = false;
      setState({ status: 'signed-out', error: signInError(error) });
    });
  };
  return <SignedInApp session={session} onSignOut={signOut} />;
}

/** Completes a sign-in when the page is the callback; otherwise returns the stored user. */
async function resume(oidc: OidcSession): Promise<OidcUser | null> {
  const url = new URL(window.location.href);
  const isCallback =
    url.pathname === CALLBACK_PATH &&
    (url.searchParams.has('code') || url.searchParams.has('error'));
  if (!isCallback) {
    return oidc.getUser();
  }
  try {
    return await oidc.completeSignIn(url.href);
  } finally {
    // Drop the code and state from the address bar and history.
    window.history.replaceState(null, '', '/');
  }
}

function signInError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`Sign-in failed: ${message}`);
}
