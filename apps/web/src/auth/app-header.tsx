import type { DevUser } from '../api/types.ts';

/** Props of `AppHeader`. */
export interface AppHeaderProps {
  /** The signed-in user, or null while the user's details load. */
  user: DevUser | null;
  /** Whether the user signed in with the development login (no password). */
  developmentLogin: boolean;
  onSignOut: () => void;
}

/** Renders the page banner: product name, the signed-in user and the sign-out button. */
export function AppHeader({ user, developmentLogin, onSignOut }: AppHeaderProps) {
  return (
    <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-white px-6 py-3">
      <p className="text-lg font-bold">Phoenix Ascend</p>
      <div className="flex items-center gap-3 text-sm">
        {user !== null && (
          <p>
            Signed in as {user.displayName} ({user.role})
            {developmentLogin && ' with the development login'}
          </p>
        )}
        <button
          type="button"
          onClick={onSignOut}
          className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600"
        >
          Sign out
        </button>
      </div>
    </header>
  );
}
