import { useId, useState, type FormEvent } from 'react';

import { BUTTON_STYLES } from '../ui/button-styles.ts';

/** Props of `CreateTeamForm`. */
export interface CreateTeamFormProps {
  saving: boolean;
  /** Receives a trimmed, non-empty name; the field clears when the promise resolves. */
  onCreate: (name: string) => Promise<void>;
}

/** Renders the form that creates a care team; it rejects an empty name. */
export function CreateTeamForm({ saving, onCreate }: CreateTeamFormProps) {
  const nameId = useId();
  const errorId = useId();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') {
      setError('Enter a name for the care team.');
      return;
    }
    setError(null);
    onCreate(trimmed).then(
      () => setName(''),
      () => undefined,
    );
  };

  return (
    <form
      onSubmit={submit}
      aria-label="Create a care team"
      className="flex flex-wrap items-end gap-3"
    >
      <div className="flex flex-col">
        <label htmlFor={nameId} className="text-sm">
          Care team name
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
      <button type="submit" disabled={saving} className={BUTTON_STYLES.primary}>
        Create care team
      </button>
      {error !== null && (
        <p id={errorId} role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
