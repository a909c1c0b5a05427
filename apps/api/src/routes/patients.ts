import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import {
  findReadablePatient,
  listReadablePatients,
  readCbg,
  readGlucoseStatistics,
  withCaller,
} from '@phoenix/db';
import { requireCaller } from '../http/caller.ts';
import { ApiError, errorBodySchema } from '../http/errors.ts';

/** Maximum period one read request may cover, in days. */
export const MAX_RANGE_DAYS = 90;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Path parameters of the per-patient routes. */
export const patientParams = {
  type: 'object',
  required: ['patientId'],
  properties: { patientId: { type: 'string', format: 'uuid' } },
} as const;

/** Query string of the routes that read a period `[from, to)`. */
export const rangeQuery = {
  type: 'object',
  required: ['from', 'to'],
  additionalProperties: false,
  properties: {
    from: {
      type: 'string',
      format: 'date-time',
      description: 'Start of the range, inclusive (ISO 8601).',
    },
    to: {
      type: 'string',
      format: 'date-time',
      description: 'End of the range, exclusive (ISO 8601).',
    },
  },
} as const;

const errors = { 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema };

interface RangeRequest {
  Params: { patientId: string };
  Querystring: { from: string; to: string };
}

/** Parse and bound a [from, to) range; raises INVALID_RANGE with the value at fault. */
export function parseRange(query: { from: string; to: string }): { from: Date; to: Date } {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (Number.isNaN(from.getTime()))
    throw new ApiError('INVALID_RANGE', `from is not a date-time: ${query.from}`);
  if (Number.isNaN(to.getTime()))
    throw new ApiError('INVALID_RANGE', `to is not a date-time: ${query.to}`);
  if (to <= from) throw new ApiError('INVALID_RANGE', 'to must be later than from');
  // A period of 90 local days that contains the autumn clock change lasts an hour longer,
  // so ranges may exceed 90 × 24 hours by up to one hour.
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS + HOUR_MS) {
    throw new ApiError('INVALID_RANGE', `a range may cover at most ${MAX_RANGE_DAYS} days`);
  }
  return { from, to };
}

/** Routes that list patients and read their CGM data and statistics. */
export function patientRoutes(app: FastifyInstance, pool: pg.Pool): void {
  app.get(
    '/api/v1/patients',
    {
      schema: {
        summary: 'Patients the caller may read, with the span of their CGM data',
        tags: ['patients'],
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'displayName', 'timezone', 'firstReadingTime', 'lastReadingTime'],
              properties: {
                id: { type: 'string' },
                displayName: { type: 'string' },
                timezone: { type: 'string' },
                firstReadingTime: { type: ['string', 'null'], format: 'date-time' },
                lastReadingTime: { type: ['string', 'null'], format: 'date-time' },
              },
            },
          },
          401: errorBodySchema,
        },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      // Engineers and admins read no patient's data, so their list is empty.
      if (caller.role !== 'patient' && caller.role !== 'clinician') return [];
      return withCaller(pool, caller, (client) => listReadablePatients(client));
    },
  );

  app.get<RangeRequest>(
    '/api/v1/patients/:patientId/readings',
    {
      schema: {
        summary: 'CGM readings of a patient in [from, to), oldest first',
        tags: ['patients'],
        params: patientParams,
        querystring: rangeQuery,
        response: { 200: readingsResponse, ...errors },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const { from, to } = parseRange(request.query);
      const { patientId } = request.params;
      const readings = await withCaller(pool, caller, (client) =>
        readCbg(client, patientId, from, to),
      );
      request.log.info({ patientId, count: readings.length }, 'readings read');
      return { patientId, from: from.toISOString(), to: to.toISOString(), readings };
    },
  );

  app.get<RangeRequest>(
    '/api/v1/patients/:patientId/statistics',
    {
      schema: {
        summary: 'Glucose statistics of a patient over [from, to)',
        description:
          'Read from the hourly and daily aggregates. Sufficiency assumes one reading every ' +
          '15 minutes when the hours with readings hold fewer than 6 each on average, every ' +
          '5 minutes otherwise; days with data are calendar days in the patient’s time zone.',
        tags: ['patients'],
        params: patientParams,
        querystring: rangeQuery,
        response: { 200: statisticsResponse, ...errors },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const { from, to } = parseRange(request.query);
      const { patientId } = request.params;
      // Days with data are counted in the patient's zone. The sampling interval is inferred
      // from the readings per hour (see inferSampleIntervalFromTotals).
      const statistics = await withCaller(pool, caller, async (client) => {
        const patient = await findReadablePatient(client, patientId);
        if (!patient) throw new ApiError('PATIENT_NOT_FOUND', 'patient not found');
        return readGlucoseStatistics(client, patientId, from, to, { timezone: patient.timezone });
      });
      return { patientId, from: from.toISOString(), to: to.toISOString(), statistics };
    },
  );
}

const readingsResponse = {
  type: 'object',
  required: ['patientId', 'from', 'to', 'readings'],
  properties: {
    patientId: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    readings: {
      type: 'array',
      items: {
        type: 'object',
        required: ['time', 'valueMgDl', 'outOfRange', 'thresholdMgDl'],
        properties: {
          time: { type: 'string', format: 'date-time' },
          valueMgDl: { type: ['number', 'null'] },
          outOfRange: { type: ['string', 'null'], enum: ['low', 'high', null] },
          thresholdMgDl: { type: ['number', 'null'] },
        },
      },
    },
  },
} as const;

const percent = { type: 'number' } as const;
const nullableNumber = { type: ['number', 'null'] } as const;

const statisticsResponse = {
  type: 'object',
  required: ['patientId', 'from', 'to', 'statistics'],
  properties: {
    patientId: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    statistics: {
      type: 'object',
      additionalProperties: true,
      properties: {
        readingCount: { type: 'integer' },
        outOfRangeCount: {
          type: 'object',
          properties: { low: { type: 'integer' }, high: { type: 'integer' } },
        },
        meanMgDl: nullableNumber,
        sdMgDl: nullableNumber,
        cvPercent: nullableNumber,
        gmiPercent: nullableNumber,
        gmiMmolMol: nullableNumber,
        timeInRanges: {
          type: ['object', 'null'],
          properties: {
            veryLowPercent: percent,
            lowPercent: percent,
            targetPercent: percent,
            highPercent: percent,
            veryHighPercent: percent,
            below70Percent: percent,
            above180Percent: percent,
          },
        },
        sufficiency: {
          type: 'object',
          properties: {
            periodDays: { type: 'number' },
            daysWithData: { type: 'integer' },
            expectedReadings: { type: 'number' },
            presentPercent: percent,
            sufficient: { type: 'boolean' },
          },
        },
      },
    },
  },
} as const;
