import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { formatLocalDateTime, mgDlToMmolL, timeZoneOffsetMinutes } from '@phoenix/domain';
import { findReadablePatient, readCbg, withCaller, type CbgRow } from '@phoenix/db';
import { requireCaller } from '../http/caller.ts';
import { ApiError, errorBodySchema } from '../http/errors.ts';
import { parseRange, patientParams, rangeQuery } from './patients.ts';

/** Columns of the CGM export, in order. */
export const READINGS_CSV_HEADER = [
  'time_utc',
  'local_time',
  'utc_offset_minutes',
  'glucose_mg_dl',
  'glucose_mmol_l',
  'out_of_range',
  'threshold_mg_dl',
] as const;

const MS_PER_MINUTE = 60_000;

/**
 * Format CGM readings as CSV with a header row and CRLF line ends (RFC 4180). Each row has the
 * UTC instant, the wall-clock time in `timezone` with its UTC offset, so both passes through a
 * repeated autumn hour stay apart, and the glucose in mg/dL as stored and in mmol/L to one
 * decimal. A `Low` or `High` reading has no glucose, its `out_of_range` flag and the device's
 * threshold. No field needs quoting: every value is a number, a time or a fixed word.
 */
export function formatReadingsCsv(readings: readonly CbgRow[], timezone: string): string {
  const lines = [READINGS_CSV_HEADER.join(',')];
  for (const reading of readings) {
    const timeMs = reading.time.getTime();
    const offsetMinutes = timeZoneOffsetMinutes(timezone, timeMs);
    const localTime = formatLocalDateTime(timeMs + offsetMinutes * MS_PER_MINUTE);
    const value = reading.valueMgDl;
    lines.push(
      [
        reading.time.toISOString(),
        localTime,
        String(offsetMinutes),
        value === null ? '' : String(value),
        value === null ? '' : mgDlToMmolL(value).toFixed(1),
        reading.outOfRange ?? '',
        reading.thresholdMgDl === null ? '' : String(reading.thresholdMgDl),
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Routes that download a patient's data as files. */
export function exportRoutes(app: FastifyInstance, pool: pg.Pool): void {
  app.get<{ Params: { patientId: string }; Querystring: { from: string; to: string } }>(
    '/api/v1/patients/:patientId/readings.csv',
    {
      schema: {
        summary: 'CGM readings of a patient in [from, to) as a CSV download, oldest first',
        description:
          `Columns: ${READINGS_CSV_HEADER.join(', ')}. Local times are in the patient's time ` +
          'zone; mmol/L values are rounded to one decimal. At most 90 days per request.',
        tags: ['patients'],
        params: patientParams,
        querystring: rangeQuery,
        response: {
          200: { type: 'string' },
          400: errorBodySchema,
          401: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request);
      const { from, to } = parseRange(request.query);
      const { patientId } = request.params;
      const { readings, timezone } = await withCaller(pool, caller, async (client) => {
        const patient = await findReadablePatient(client, patientId);
        if (!patient) throw new ApiError('PATIENT_NOT_FOUND', 'patient not found');
        return {
          readings: await readCbg(client, patientId, from, to),
          timezone: patient.timezone,
        };
      });
      request.log.info({ patientId, count: readings.length }, 'readings exported');
      const fileName = `cgm-${patientId.slice(0, 8)}-${from.toISOString().slice(0, 10)}.csv`;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(formatReadingsCsv(readings, timezone));
    },
  );
}
