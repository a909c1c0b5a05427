import type { DevUser } from '../api/types.ts';
import { EmptyState } from '../ui/empty-state.tsx';

/** Props of `DevUserList`. */
export interface DevUserListProps {
  users: readonly DevUser[];
  onSignIn: (user: DevUser) => void;
}

/** Renders one sign-in button per development user, or a notice when there are none. */
export function DevUserList({ users, onSignIn }: DevUserListProps) {
  if (users.length === 0) {
    return <EmptyState>The API offers no development users.</EmptyState>;
  }
  return (
    <ul className="space-y-2">
      {users.map((user) => (
        <li key={user.id}>
          <button
            type="button"
            onClick={() => onSignIn(user)}
            className="w-full rounded border border-slate-300 bg-white px-4 py-2 text-left hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600"
          >
            Sign in as {user.displayName} ({user.role})
          </button>
        </li>
      ))}
    </ul>
  );
}
