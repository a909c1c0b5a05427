import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { listCredentials, storeCredential, withCaller } from '@phoenix/db';
import { requireCaller } from '../http/caller.ts';
import { errorBodySchema } from '../http/errors.ts';

interface CredentialRequest {
  Params: { patientId: string };
  Body: { provider: 'dexcom-share' | 'librelinkup'; username: string; secret: string };
}

const params = {
  type: 'object',
  required: ['patientId'],
  properties: { patientId: { type: 'string', format: 'uuid' } },
} as const;

const credentialSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    provider: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

/**
 * Vendor-cloud credentials of a patient, for pull bridges. The API passes them to the vault
 * functions and never returns a secret; only the bridge role can decrypt one.
 */
export function credentialRoutes(app: FastifyInstance, pool: pg.Pool): void {
  app.put<CredentialRequest>(
    '/api/v1/patients/:patientId/credentials',
    {
      schema: {
        summary: 'Store or replace the patient’s login for a vendor cloud',
        tags: ['credentials'],
        params,
        body: {
          type: 'object',
          required: ['provider', 'username', 'secret'],
          additionalProperties: false,
          properties: {
            provider: { type: 'string', enum: ['dexcom-share', 'librelinkup'] },
            username: { type: 'string', minLength: 1, maxLength: 200 },
            secret: { type: 'string', minLength: 1, maxLength: 500 },
          },
        },
        response: {
          200: { type: 'object', properties: { id: { type: 'string' } } },
          400: errorBodySchema,
          401: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const { patientId } = request.params;
      const { provider, username, secret } = request.body;
      const id = await withCaller(pool, caller, (client) =>
        storeCredential(client, patientId, provider, username, secret),
      );
      request.log.info({ patientId, credentialId: id, provider }, 'credential stored');
      return { id };
    },
  );

  app.get<{ Params: { patientId: string } }>(
    '/api/v1/patients/:patientId/credentials',
    {
      schema: {
        summary: 'Vendor clouds the patient has stored a login for, without secrets',
        tags: ['credentials'],
        params,
        response: {
          200: { type: 'array', items: credentialSchema },
          401: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      return withCaller(pool, caller, (client) =>
        listCredentials(client, request.params.patientId),
      );
    },
  );
}
