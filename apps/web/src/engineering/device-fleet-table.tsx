import type { Device } from '../api/patient-api.ts';
import { formatTimeAgo } from '../time/format-time.ts';
import { formatZonedDateTime } from '../time/time-zone.ts';
import { EmptyState } from '../ui/empty-state.tsx';

/** Props of `DeviceFleetTable`. */
export interface DeviceFleetTableProps {
  devices: readonly Device[];
  timeZone: string;
  nowMs: number;
}

/**
 * Renders every device with its pseudonymous patient ID (a UUID, never a name), first upload
 * and last upload, most recently seen first as the API sends them.
 */
export function DeviceFleetTable({ devices, timeZone, nowMs }: DeviceFleetTableProps) {
  if (devices.length === 0) {
    return <EmptyState>No devices to show.</EmptyState>;
  }
  const time = (iso: string) => formatZonedDateTime(timeZone, Date.parse(iso));
  return (
    <div className="overflow-x-auto">
      <table className="w-full bg-white text-sm">
        <thead className="bg-slate-100 text-left">
          <tr>
            <th scope="col" className="px-2 py-1">
              Device
            </th>
            <th scope="col" className="px-2 py-1">
              Patient ID
            </th>
            <th scope="col" className="px-2 py-1">
              First upload
            </th>
            <th scope="col" className="px-2 py-1">
              Last upload
            </th>
          </tr>
        </thead>
        <tbody>
          {devices.map((device) => (
            <tr key={device.id} className="border-t border-slate-200">
              <th scope="row" className="px-2 py-1 text-left font-normal">
                <code>{device.deviceKey}</code>
              </th>
              <td className="px-2 py-1">
                <code className="text-xs">{device.patientId}</code>
              </td>
              <td className="px-2 py-1">{time(device.createdAt)}</td>
              <td className="px-2 py-1">
                {device.lastUploadAt === null
                  ? 'Never'
                  : `${formatTimeAgo(nowMs, Date.parse(device.lastUploadAt))} (${time(device.lastUploadAt)})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
