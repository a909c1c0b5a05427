import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { computeGlycemiaRiskIndex, listMissedTargets } from '@phoenix/domain';
import {
  findReadablePatient,
  inferSampleIntervalFromTotals,
  listReviews,
  markReviewed,
  readAgp,
  readCbg,
  readClinicTriage,
  readDeviceRecords,
  readGlucoseTotals,
  statisticsFromTotals,
  withCaller,
  type TriageRow,
} from '@phoenix/db';
import { requireCaller } from '../http/caller.ts';
import { ApiError, errorBodySchema } from '../http/errors.ts';
import { buildCgmReport } from './cgm-report.ts';
import { parseRange, patientParams, rangeQuery } from './patients.ts';

const DAY_MS = 86_400_000;
interface RangeRequest {
  Params: { patientId: string };
  Querystring: { from: string; to: string };
}

/** Routes for the clinician's triage list, the AGP report and the daily view. */
export function reportRoutes(app: FastifyInstance, pool: pg.Pool): void {
  app.get<{ Querystring: { days?: number } }>(
    '/api/v1/triage',
    {
      schema: {
        summary:
          'Patients the caller may read, with the metrics of their last days, riskiest first',
        description:
          'Each patient’s period ends at their last CGM reading, so data uploaded late is still ' +
          'reported; `lastReadingTime` shows how old it is, and `lastUploadAt` when the last ' +
          'upload batch was received. Metrics come from the hourly and daily aggregates, with ' +
          'days with data counted in UTC. Sorted by GRI, highest first.',
        tags: ['reports'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { days: { type: 'integer', minimum: 1, maximum: 90, default: 14 } },
        },
        response: {
          200: { type: 'array', items: { type: 'object', additionalProperties: true } },
          401: errorBodySchema,
        },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const days = request.query.days ?? 14;
      if (caller.role !== 'patient' && caller.role !== 'clinician') return [];
      const { triage, reviews } = await withCaller(pool, caller, async (client) => ({
        triage: await readClinicTriage(client, days),
        reviews: caller.role === 'clinician' ? await listReviews(client) : new Map<string, Date>(),
      }));
      const rows = triage.map((row) => triageEntry(row, reviews.get(row.patientId) ?? null));
      return rows.sort((a, b) => (b.gri?.gri ?? -1) - (a.gri?.gri ?? -1));
    },
  );

  app.post<{ Params: { patientId: string } }>(
    '/api/v1/patients/:patientId/reviews',
    {
      schema: {
        summary: 'Mark the patient as reviewed by the calling clinician',
        tags: ['reports'],
        params: patientParams,
        response: {
          200: {
            type: 'object',
            properties: { reviewedAt: { type: 'string', format: 'date-time' } },
          },
          401: errorBodySchema,
          403: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      if (caller.role !== 'clinician') {
        throw new ApiError('FORBIDDEN', 'only clinicians mark patients as reviewed');
      }
      const { patientId } = request.params;
      const reviewedAt = await withCaller(pool, caller, async (client) => {
        // The insert's row policy would raise 42501 too; this keeps "not found" for all cases.
        if (!(await findReadablePatient(client, patientId))) {
          throw new ApiError('PATIENT_NOT_FOUND', 'patient not found');
        }
        return markReviewed(client, patientId);
      });
      return { reviewedAt };
    },
  );

  app.get<RangeRequest>(
    '/api/v1/patients/:patientId/report',
    {
      schema: {
        summary:
          'AGP report of a patient over [from, to): metrics, targets, AGP and daily profiles',
        description:
          'Statistics and the AGP come from the hourly and daily aggregates, and the other ' +
          'metrics from the readings. One sampling interval applies to the whole report: ' +
          '15 minutes when the hours with readings hold fewer than 6 each on average, ' +
          '5 minutes otherwise.',
        tags: ['reports'],
        params: patientParams,
        querystring: rangeQuery,
        response: {
          200: { type: 'object', additionalProperties: true },
          400: errorBodySchema,
          401: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const { from, to } = parseRange(request.query);
      const { patientId } = request.params;
      const { timezone, totals, agp, readings } = await withCaller(pool, caller, async (client) => {
        const patient = await findReadablePatient(client, patientId);
        if (!patient) throw new ApiError('PATIENT_NOT_FOUND', 'patient not found');
        return {
          timezone: patient.timezone,
          totals: await readGlucoseTotals(client, patientId, from, to, {
            timezone: patient.timezone,
          }),
          agp: await readAgp(client, patientId, from, to),
          // The metrics that need each reading in order (risk, MAGE, episodes, daily profiles).
          readings: await readCbg(client, patientId, from, to),
        };
      });
      // One interval for the whole report, so that sufficiency, CGM active time and episodes
      // agree. It is inferred from the readings per hour (see inferSampleIntervalFromTotals).
      const sampleIntervalMinutes = inferSampleIntervalFromTotals(totals);
      const period = { fromMs: from.getTime(), toMs: to.getTime() };
      const statistics = statisticsFromTotals(totals, { ...period, sampleIntervalMinutes });
      const report = buildCgmReport(
        readings.map((row) => ({ ...row, timeMs: row.time.getTime() })),
        { statistics, agp },
        { ...period, timezone, sampleIntervalMinutes },
      );
      return { patientId, from: from.toISOString(), to: to.toISOString(), timezone, report };
    },
  );

  app.get<RangeRequest>(
    '/api/v1/patients/:patientId/daily',
    {
      schema: {
        summary: 'CGM readings, basal, boluses, carbs and events of a patient over [from, to)',
        tags: ['reports'],
        params: patientParams,
        querystring: rangeQuery,
        response: {
          200: { type: 'object', additionalProperties: true },
          400: errorBodySchema,
          401: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const { from, to } = parseRange(request.query);
      if (to.getTime() - from.getTime() > 7 * DAY_MS) {
        throw new ApiError('INVALID_RANGE', 'the daily view covers at most 7 days');
      }
      const { patientId } = request.params;
      const { readings, records } = await withCaller(pool, caller, async (client) => ({
        readings: await readCbg(client, patientId, from, to),
        records: await readDeviceRecords(client, patientId, from, to),
      }));
      return { patientId, from: from.toISOString(), to: to.toISOString(), readings, records };
    },
  );
}

/** Build one entry of the triage list, in the shape of `TriageEntry` in the web app. */
function triageEntry(row: TriageRow, reviewedAt: Date | null) {
  const { statistics } = row;
  const report = { timeInRanges: statistics.timeInRanges, cvPercent: statistics.cvPercent };
  return {
    patientId: row.patientId,
    displayName: row.displayName,
    timezone: row.timezone,
    lastReadingTime: row.lastReadingTime,
    lastUploadAt: row.lastUploadTime,
    from: row.from.toISOString(),
    to: row.to.toISOString(),
    statistics,
    gri: computeGlycemiaRiskIndex(statistics.timeInRanges),
    missedTargets: listMissedTargets('adultType1OrType2', report).map(
      (evaluation) => evaluation.target.metric,
    ),
    reviewedAt,
  };
}
