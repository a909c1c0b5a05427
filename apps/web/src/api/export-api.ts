import { apiPath } from './api-path.ts';
import type { ApiClient, PeriodQuery } from './client.ts';

/** A CSV file of CGM readings, ready to save. */
export interface ReadingsCsvFile {
  blob: Blob;
  /** The server's file name, or `readingsCsvFallbackName` when the response names none. */
  fileName: string;
}

/**
 * Returns the file name the API gives a CGM export, `cgm-<first 8 characters of the patient
 * ID>-<UTC date of from>.csv`, for a response without a Content-Disposition file name.
 */
export function readingsCsvFallbackName(patientId: string, period: PeriodQuery): string {
  return `cgm-${patientId.slice(0, 8)}-${period.from.slice(0, 10)}.csv`;
}

/**
 * Downloads the CGM readings of a period (at most 90 days) as CSV. Rejects with
 * `PATIENT_NOT_FOUND` (404) for a patient the caller may not read, and `INVALID_RANGE` (400)
 * for a bad period.
 */
export async function downloadReadingsCsv(
  client: ApiClient,
  patientId: string,
  period: PeriodQuery,
  signal?: AbortSignal,
): Promise<ReadingsCsvFile> {
  const path = apiPath(['patients', patientId, 'readings.csv'], {
    from: period.from,
    to: period.to,
  });
  const { blob, fileName } = await client.download(path, signal);
  return { blob, fileName: fileName ?? readingsCsvFallbackName(patientId, period) };
}
