import { useId, useState } from 'react';

import { USER_ROLES } from '../api/admin-api.ts';
import type { UserProfile } from '../api/me-api.ts';
import type { UserRole } from '../api/types.ts';
import { BUTTON_STYLES } from '../ui/button-styles.ts';

/** Props of `UserRow`. */
export interface UserRowProps {
  user: UserProfile;
  /** Whether this row is the signed-in admin; their own role cannot be changed here. */
  isSelf: boolean;
  saving: boolean;
  onChangeRole: (user: UserProfile, role: UserRole) => void;
}

/**
 * Renders one user with a role select and a "Save role" button that is enabled only when the
 * selection differs, so that moving through the select with the keyboard changes nothing.
 */
export function UserRow({ user, isSelf, saving, onChangeRole }: UserRowProps) {
  const selectId = useId();
  const [role, setRole] = useState<UserRole>(user.role);
  return (
    <tr className="border-t border-slate-200">
      <th scope="row" className="px-2 py-1 text-left font-normal">
        {user.displayName}
        {isSelf && <span className="text-slate-600"> (you)</span>}
      </th>
      <td className="px-2 py-1">
        <label htmlFor={selectId} className="sr-only">
          Role of {user.displayName}
        </label>
        <select
          id={selectId}
          value={role}
          disabled={isSelf}
          onChange={(event) => setRole(event.target.value as UserRole)}
          className="rounded border border-slate-300 bg-white px-2 py-1"
        >
          {USER_ROLES.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>{' '}
        <button
          type="button"
          disabled={isSelf || saving || role === user.role}
          onClick={() => onChangeRole(user, role)}
          aria-label={`Save role of ${user.displayName}`}
          className={BUTTON_STYLES.secondary}
        >
          Save role
        </button>
      </td>
      <td className="px-2 py-1">{user.glucoseUnit}</td>
      <td className="px-2 py-1">{user.timezone ?? 'Patient’s own'}</td>
      <td className="px-2 py-1">
        <code className="text-xs">{user.id}</code>
      </td>
    </tr>
  );
}
