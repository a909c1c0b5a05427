import type { RejectionReason } from '../api/engineering-api.ts';
import { formatCount } from '../statistics/format-statistics.ts';
import { EmptyState } from '../ui/empty-state.tsx';

/** Renders rejected records by field and reason, most frequent first as the API sends them. */
export function RejectionsTable({ rejections }: { rejections: readonly RejectionReason[] }) {
  if (rejections.length === 0) {
    return <EmptyState>No records were rejected in this period.</EmptyState>;
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full bg-white text-sm">
        <thead className="bg-slate-100 text-left">
          <tr>
            <th scope="col" className="px-2 py-1">
              Field
            </th>
            <th scope="col" className="px-2 py-1">
              Reason
            </th>
            <th scope="col" className="px-2 py-1 text-right">
              Records
            </th>
          </tr>
        </thead>
        <tbody>
          {rejections.map((rejection) => (
            <tr
              key={`${rejection.field}:${rejection.message}`}
              className="border-t border-slate-200"
            >
              <td className="px-2 py-1">
                <code>{rejection.field}</code>
              </td>
              <td className="px-2 py-1">{rejection.message}</td>
              <td className="px-2 py-1 text-right tabular-nums">
                {formatCount(rejection.records)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
