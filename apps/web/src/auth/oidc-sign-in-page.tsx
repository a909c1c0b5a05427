import type { DevUser } from '../api/types.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { DevLoginSection } from './dev-login-page.tsx';

/** Props of `OidcSignInPage`. */
export interface OidcSignInPageProps {
  onSignIn: () => void;
  /** Reason the last sign-in failed or ended, or null. */
  error: Error | null;
  /** Whether to offer the development login below; requires `onDevSignIn`. */
  devLogin: boolean;
  onDevSignIn: (user: DevUser) => void;
}

/** Renders the sign-in page: a button that goes to the identity provider. */
export function OidcSignInPage({ onSignIn, error, devLogin, onDevSignIn }: OidcSignInPageProps) {
  return (
    <main className="mx-auto max-w-md space-y-4 p-6">
      <h1 className="text-2xl font-bold">Phoenix Ascend</h1>
      <section aria-labelledby="sign-in-heading" className="space-y-3">
        <h2 id="sign-in-heading" className="text-xl font-semibold">
          Sign in
        </h2>
        {error !== null && <ErrorMessage title="You are not signed in." error={error} />}
        <p>You sign in on the Phoenix Ascend identity page and return here afterwards.</p>
        <button
          type="button"
          onClick={onSignIn}
          className="rounded border border-blue-700 bg-blue-700 px-4 py-2 text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
        >
          Sign in
        </button>
      </section>
      {devLogin && <DevLoginSection onSignIn={onDevSignIn} />}
    </main>
  );
}
