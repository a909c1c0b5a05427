import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import {
  computeCgmReport,
  computeGlucoseStatistics,
  computeGlycemiaRiskIndex,
  inferSampleIntervalMinutes,
  listMissedTargets,
} from '@phoenix/domain';
import {
  listDevices,
  listReadablePatients,
  listReviews,
  markReviewed,
  readCbg,
  readDeviceRecords,
  withCaller,
} from '@phoenix/db';
import { requireCaller } from '../http/caller.ts';
import { ApiError, errorBodySchema } from '../http/errors.ts';
import { parseRange } from './patients.ts';

const DAY_MS = 86_400_000;
const patientParams = {
  type: 'object',
  required: ['patientId'],
  properties: { patientId: { type: 'string', format: 'uuid' } },
} as const;

const rangeQuery = {
  type: 'object',
  required: ['from', 'to'],
  properties: {
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
  },
} as const;

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
          'reported; `lastReadingTime` shows how old it is. Sorted by GRI, highest first.',
        tags: ['reports'],
        querystring: {
          type: 'object',
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
      const rows = await withCaller(pool, caller, async (client) => {
        const patients = await listReadablePatients(client);
        const reviews =
          caller.role === 'clinician' ? await listReviews(client) : new Map<string, Date>();
        const result = [];
        for (const patient of patients) {
          const toMs = patient.lastReadingTime ? patient.lastReadingTime.getTime() + 1 : Date.now();
          const fromMs = toMs - days * DAY_MS;
          const readings = await readCbg(client, patient.id, new Date(fromMs), new Date(toMs));
          const uploads = (await listDevices(client, patient.id))
            .map((device) => device.lastUploadAt?.getTime() ?? 0)
            .filter((time) => time > 0);
          const statistics = computeGlucoseStatistics(
            readings.map((row) => ({ ...row, timeMs: row.time.getTime() })),
            {
              fromMs,
              toMs,
              sampleIntervalMinutes: inferSampleIntervalMinutes(
                readings.map((row) => row.time.getTime()),
              ),
            },
          );
          const report = { timeInRanges: statistics.timeInRanges, cvPercent: statistics.cvPercent };
          result.push({
            patientId: patient.id,
            displayName: patient.displayName,
            timezone: patient.timezone,
            lastReadingTime: patient.lastReadingTime,
            lastUploadAt: uploads.length > 0 ? new Date(Math.max(...uploads)) : null,
            from: new Date(fromMs).toISOString(),
            to: new Date(toMs).toISOString(),
            statistics,
            gri: computeGlycemiaRiskIndex(statistics.timeInRanges),
            missedTargets: listMissedTargets('adultType1OrType2', report).map(
              (evaluation) => evaluation.target.metric,
            ),
            reviewedAt: reviews.get(patient.id) ?? null,
          });
        }
        return result;
      });
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
        const readable = await listReadablePatients(client);
        if (!readable.some((patient) => patient.id === patientId)) {
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
      const { readings, timezone } = await withCaller(pool, caller, async (client) => {
        const rows = await readCbg(client, patientId, from, to);
        const patient = (await listReadablePatients(client)).find((p) => p.id === patientId);
        return { readings: rows, timezone: patient?.timezone ?? 'UTC' };
      });
      const report = computeCgmReport(
        readings.map((row) => ({ ...row, timeMs: row.time.getTime() })),
        {
          fromMs: from.getTime(),
          toMs: to.getTime(),
          timezone,
          sampleIntervalMinutes: inferSampleIntervalMinutes(
            readings.map((row) => row.time.getTime()),
          ),
        },
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
