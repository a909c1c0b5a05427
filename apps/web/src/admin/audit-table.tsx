import type { AuditEvent } from '../api/admin-api.ts';
import type { UserProfile } from '../api/me-api.ts';
import { formatZonedDateTime } from '../time/time-zone.ts';

/** Props of `AuditTable`. */
export interface AuditTableProps {
  events: readonly AuditEvent[];
  users: readonly UserProfile[];
  timeZone: string;
}

/** Renders audit events, newest first, with each actor's name where the actor is a known user. */
export function AuditTable({ events, users, timeZone }: AuditTableProps) {
  const names = new Map(users.map((user) => [user.id, user.displayName]));
  return (
    <div className="overflow-x-auto">
      <table className="w-full bg-white text-sm">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="bg-slate-100 text-left">
          <tr>
            <th scope="col" className="px-2 py-1 text-right">
              ID
            </th>
            <th scope="col" className="px-2 py-1">
              Time
            </th>
            <th scope="col" className="px-2 py-1">
              Actor
            </th>
            <th scope="col" className="px-2 py-1">
              Database role
            </th>
            <th scope="col" className="px-2 py-1">
              Table
            </th>
            <th scope="col" className="px-2 py-1">
              Operation
            </th>
            <th scope="col" className="px-2 py-1 text-right">
              Transaction
            </th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => {
            const name = names.get(event.actor);
            return (
              <tr key={event.id} className="border-t border-slate-200">
                <td className="px-2 py-1 text-right tabular-nums">{event.id}</td>
                <td className="px-2 py-1 whitespace-nowrap">
                  {formatZonedDateTime(timeZone, Date.parse(event.occurredAt))}
                </td>
                <td className="px-2 py-1">
                  {name ?? <code className="text-xs">{event.actor}</code>}
                  {name !== undefined && (
                    <code className="block text-xs text-slate-600">{event.actor}</code>
                  )}
                </td>
                <td className="px-2 py-1">
                  <code>{event.dbRole}</code>
                </td>
                <td className="px-2 py-1">
                  <code>{event.tableName}</code>
                </td>
                <td className="px-2 py-1">{event.operation}</td>
                <td className="px-2 py-1 text-right tabular-nums">{event.transactionId}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
