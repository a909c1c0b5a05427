import {
  computeCgmReport,
  glucoseSamplesFromCbgRecords,
  type CanonicalRecord,
  type CbgRecord,
  type CgmReport,
} from '@phoenix/domain';

/** Metrics of one device's CGM readings in a file. */
export interface DeviceMetrics {
  deviceId: string;
  /** First reading, ISO UTC. */
  from: string;
  /** End of the period: the last reading plus one reading interval, ISO UTC. */
  to: string;
  sampleIntervalMinutes: number;
  report: CgmReport;
}

/**
 * Reading interval of a CGM in minutes, from the device ID's model prefix: Libre 2 stores one
 * historic reading every 15 minutes, while Dexcom sensors and Libre 3 read every 5.
 */
export function sampleIntervalOf(deviceId: string): number {
  const model = deviceId.split(':')[0]?.toLowerCase() ?? '';
  if (model.includes('libre') && !model.includes('libre3') && !model.includes('libre-3')) return 15;
  return 5;
}

/** Compute every CGM metric per device over the span of that device's readings. */
export function metricsPerDevice(
  records: readonly CanonicalRecord[],
  timezone: string,
): DeviceMetrics[] {
  const byDevice = new Map<string, CbgRecord[]>();
  for (const record of records) {
    if (record.type !== 'cbg') continue;
    const list = byDevice.get(record.deviceId) ?? [];
    list.push(record);
    byDevice.set(record.deviceId, list);
  }

  return [...byDevice.entries()].map(([deviceId, cbg]) => {
    const samples = glucoseSamplesFromCbgRecords(cbg);
    const times = samples.map((sample) => sample.timeMs);
    const sampleIntervalMinutes = sampleIntervalOf(deviceId);
    const fromMs = Math.min(...times);
    const toMs = Math.max(...times) + sampleIntervalMinutes * 60_000;
    const report = computeCgmReport(samples, { fromMs, toMs, timezone, sampleIntervalMinutes });
    return {
      deviceId,
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      sampleIntervalMinutes,
      report,
    };
  });
}
