import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import {
  canReadPatient,
  listCareTeamDirectory,
  listDevices,
  listShares,
  setShare,
  withCaller,
} from '@phoenix/db';
import { requireCaller } from '../http/caller.ts';
import { ApiError, errorBodySchema } from '../http/errors.ts';

const patientParams = {
  type: 'object',
  required: ['patientId'],
  properties: { patientId: { type: 'string', format: 'uuid' } },
} as const;

const shareParams = {
  type: 'object',
  required: ['patientId', 'teamId'],
  properties: {
    patientId: { type: 'string', format: 'uuid' },
    teamId: { type: 'string', format: 'uuid' },
  },
} as const;

const errors = { 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema };

/** Routes for a patient's sharing with care teams and their devices. */
export function sharingRoutes(app: FastifyInstance, pool: pg.Pool): void {
  app.get(
    '/api/v1/care-teams',
    {
      schema: {
        summary: 'Care teams a patient can invite',
        tags: ['sharing'],
        response: {
          200: { type: 'array', items: { type: 'object', additionalProperties: true } },
          401: errorBodySchema,
        },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      if (caller.role !== 'patient' && caller.role !== 'clinician') return [];
      return withCaller(pool, caller, (client) => listCareTeamDirectory(client));
    },
  );

  app.get<{ Params: { patientId: string } }>(
    '/api/v1/patients/:patientId/shares',
    {
      schema: {
        summary: 'Care teams with access to the patient, current and revoked',
        tags: ['sharing'],
        params: patientParams,
        response: {
          200: { type: 'array', items: { type: 'object', additionalProperties: true } },
          ...errors,
        },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      return withCaller(pool, caller, (client) => listShares(client, request.params.patientId));
    },
  );

  app.put<{ Params: { patientId: string; teamId: string } }>(
    '/api/v1/patients/:patientId/shares/:teamId',
    {
      schema: {
        summary: 'Give a care team access to the patient’s data (the patient only)',
        tags: ['sharing'],
        params: shareParams,
        response: { 204: { type: 'null' }, ...errors },
      },
    },
    async (request, reply) => {
      await changeShare(pool, request, true);
      return reply.status(204).send();
    },
  );

  app.delete<{ Params: { patientId: string; teamId: string } }>(
    '/api/v1/patients/:patientId/shares/:teamId',
    {
      schema: {
        summary: 'Revoke a care team’s access to the patient’s data (the patient only)',
        tags: ['sharing'],
        params: shareParams,
        response: { 204: { type: 'null' }, ...errors },
      },
    },
    async (request, reply) => {
      await changeShare(pool, request, false);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { patientId: string } }>(
    '/api/v1/patients/:patientId/devices',
    {
      schema: {
        summary: 'Devices of the patient and their last upload',
        tags: ['sharing'],
        params: patientParams,
        response: {
          200: { type: 'array', items: { type: 'object', additionalProperties: true } },
          ...errors,
        },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const { patientId } = request.params;
      return withCaller(pool, caller, async (client) => {
        if (!(await canReadPatient(client, patientId))) {
          throw new ApiError('PATIENT_NOT_FOUND', 'patient not found');
        }
        return listDevices(client, patientId);
      });
    },
  );
}

async function changeShare(
  pool: pg.Pool,
  request: FastifyRequest<{ Params: { patientId: string; teamId: string } }>,
  granted: boolean,
): Promise<void> {
  const caller = requireCaller(request);
  try {
    await withCaller(pool, caller, (client) =>
      setShare(client, request.params.patientId, request.params.teamId, granted),
    );
  } catch (error) {
    if ((error as { code?: string }).code === 'P0002') {
      throw new ApiError('NOT_FOUND', `care team ${request.params.teamId} not found`);
    }
    throw error;
  }
}
