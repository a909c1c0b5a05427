import { useId, useState, type FormEvent } from 'react';

import { USER_ROLES } from '../api/admin-api.ts';
import type { UserRole } from '../api/types.ts';
import { BUTTON_STYLES } from '../ui/button-styles.ts';

/** A user to create; `username` names the login on the embedded OpenID provider. */
export interface NewUser {
  displayName: string;
  role: UserRole;
  username?: string;
}

/** Props of `CreateUserForm`. */
export interface CreateUserFormProps {
  saving: boolean;
  /** Receives a trimmed, non-empty name, the role and the trimmed user name when one is entered. */
  onCreate: (user: NewUser) => Promise<void>;
}

/** Renders the form that creates a user with a name and a role; it rejects an empty name. */
export function CreateUserForm({ saving, onCreate }: CreateUserFormProps) {
  const nameId = useId();
  const usernameId = useId();
  const roleId = useId();
  const errorId = useId();
  const [name, setName] = useState('');
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<UserRole>('patient');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const displayName = name.trim();
    if (displayName === '') {
      setError('Enter a name.');
      return;
    }
    setError(null);
    const login = username.trim();
    onCreate(login === '' ? { displayName, role } : { displayName, role, username: login }).then(
      () => {
        setName('');
        setUsername('');
      },
      () => undefined,
    );
  };

  return (
    <form onSubmit={submit} aria-label="Create a user" className="flex flex-wrap items-end gap-3">
      <div className="flex flex-col">
        <label htmlFor={nameId} className="text-sm">
          Name
        </label>
        <input
          id={nameId}
          value={name}
          maxLength={200}
          onChange={(event) => setName(event.target.value)}
          aria-describedby={error === null ? undefined : errorId}
          className="rounded border border-slate-300 px-2 py-1"
        />
      </div>
      <div className="flex flex-col">
        <label htmlFor={usernameId} className="text-sm">
          User name
        </label>
        <input
          id={usernameId}
          value={username}
          maxLength={100}
          autoComplete="off"
          onChange={(event) => setUsername(event.target.value)}
          className="rounded border border-slate-300 px-2 py-1"
        />
      </div>
      <div className="flex flex-col">
        <label htmlFor={roleId} className="text-sm">
          Role
        </label>
        <select
          id={roleId}
          value={role}
          onChange={(event) => setRole(event.target.value as UserRole)}
          className="rounded border border-slate-300 bg-white px-2 py-1"
        >
          {USER_ROLES.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={saving} className={BUTTON_STYLES.primary}>
        Create user
      </button>
      {error !== null && (
        <p id={errorId} role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
