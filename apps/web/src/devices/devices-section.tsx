import { useId } from 'react';

import { useApiClient } from '../api/api-client-context.tsx';
import { listDevices } from '../api/patient-api.ts';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { formatZonedDateTime } from '../time/time-zone.ts';
import { formatTimeAgo } from '../time/format-time.ts';
import { EmptyState } from '../ui/empty-state.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';

/** Props of `DevicesSection`. */
export interface DevicesSectionProps {
  patientId: string;
  /** IANA zone in which times are shown. */
  timeZone: string;
}

/** Renders the devices that uploaded the patient's data, with their first and last upload. */
export function DevicesSection({ patientId, timeZone }: DevicesSectionProps) {
  const client = useApiClient();
  const headingId = useId();
  const devices = useApiResource(`devices:${patientId}`, (signal) =>
    listDevices(client, patientId, signal),
  );
  const nowMs = Date.now();

  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h2 id={headingId} className="text-xl font-semibold">
        Devices
      </h2>
      {devices.status === 'loading' && <LoadingStatus label="Loading devices…" />}
      {devices.status === 'error' && (
        <ErrorMessage title="The devices could not be loaded." error={devices.error} />
      )}
      {devices.status === 'success' && devices.data.length === 0 && (
        <EmptyState>No device has uploaded data yet.</EmptyState>
      )}
      {devices.status === 'success' && devices.data.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full bg-white text-sm">
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-2 py-1">
                  Device
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
              {devices.data.map((device) => (
                <tr key={device.id} className="border-t border-slate-200">
                  <th scope="row" className="px-2 py-1 text-left font-normal">
                    <code>{device.deviceKey}</code>
                  </th>
                  <td className="px-2 py-1">
                    {formatZonedDateTime(timeZone, Date.parse(device.createdAt))}
                  </td>
                  <td className="px-2 py-1">
                    {device.lastUploadAt === null
                      ? 'Never'
                      : `${formatTimeAgo(nowMs, Date.parse(device.lastUploadAt))} (${formatZonedDateTime(timeZone, Date.parse(device.lastUploadAt))})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
