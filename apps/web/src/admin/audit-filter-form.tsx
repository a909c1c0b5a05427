import { useId, useState, type FormEvent } from 'react';

import type { AuditOperation } from '../api/admin-api.ts';
import type { UserProfile } from '../api/me-api.ts';
import { BUTTON_STYLES } from '../ui/button-styles.ts';

/** Filter values as the form stores them: text, and local dates `YYYY-MM-DD` or empty. */
export interface AuditFormValues {
  table: string;
  actor: string;
  operation: AuditOperation | '';
  fromDate: string;
  toDate: string;
}

/** A form with every filter empty. */
export const EMPTY_AUDIT_FORM: AuditFormValues = {
  table: '',
  actor: '',
  operation: '',
  fromDate: '',
  toDate: '',
};

/** Props of `AuditFilterForm`. */
export interface AuditFilterFormProps {
  users: readonly UserProfile[];
  onApply: (values: AuditFormValues) => void;
}

const OPERATIONS: readonly AuditOperation[] = ['INSERT', 'UPDATE', 'DELETE'];

/**
 * Renders the audit log filters: table, actor (a user chosen by name, or any ID or database
 * role typed in), operation and a date range. It rejects an end date before the start date.
 */
export function AuditFilterForm({ users, onApply }: AuditFilterFormProps) {
  const ids = {
    table: useId(),
    actor: useId(),
    actors: useId(),
    operation: useId(),
    from: useId(),
    to: useId(),
    error: useId(),
  };
  const [values, setValues] = useState<AuditFormValues>(EMPTY_AUDIT_FORM);
  const [error, setError] = useState<string | null>(null);
  const set = (changes: Partial<AuditFormValues>) => setValues({ ...values, ...changes });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (values.fromDate !== '' && values.toDate !== '' && values.toDate < values.fromDate) {
      setError('The end date must be on or after the start date.');
      return;
    }
    setError(null);
    onApply(values);
  };
  const field = 'rounded border border-slate-300 bg-white px-2 py-1';

  return (
    <form
      onSubmit={submit}
      aria-label="Filter audit events"
      className="flex flex-wrap items-end gap-3"
    >
      <div className="flex flex-col">
        <label htmlFor={ids.table} className="text-sm">
          Table
        </label>
        <input
          id={ids.table}
          value={values.table}
          placeholder="public.users"
          onChange={(e) => set({ table: e.target.value })}
          className={field}
        />
      </div>
      <div className="flex flex-col">
        <label htmlFor={ids.actor} className="text-sm">
          Actor (user ID or database role)
        </label>
        <input
          id={ids.actor}
          value={values.actor}
          list={ids.actors}
          onChange={(e) => set({ actor: e.target.value })}
          className={field}
        />
        <datalist id={ids.actors}>
          {users.map((user) => (
            <option key={user.id} value={user.id}>
              {user.displayName}
            </option>
          ))}
        </datalist>
      </div>
      <div className="flex flex-col">
        <label htmlFor={ids.operation} className="text-sm">
          Operation
        </label>
        <select
          id={ids.operation}
          value={values.operation}
          onChange={(e) => set({ operation: e.target.value as AuditOperation | '' })}
          className={field}
        >
          <option value="">Any</option>
          {OPERATIONS.map((operation) => (
            <option key={operation} value={operation}>
              {operation}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col">
        <label htmlFor={ids.from} className="text-sm">
          From date
        </label>
        <input
          id={ids.from}
          type="date"
          value={values.fromDate}
          onChange={(e) => set({ fromDate: e.target.value })}
          aria-describedby={error === null ? undefined : ids.error}
          className={field}
        />
      </div>
      <div className="flex flex-col">
        <label htmlFor={ids.to} className="text-sm">
          To date (inclusive)
        </label>
        <input
          id={ids.to}
          type="date"
          value={values.toDate}
          onChange={(e) => set({ toDate: e.target.value })}
          aria-describedby={error === null ? undefined : ids.error}
          className={field}
        />
      </div>
      <button type="submit" className={BUTTON_STYLES.primary}>
        Apply filters
      </button>
      {error !== null && (
        <p id={ids.error} role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
