import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { createPairingCode, listBridges, pairBridge, revokeBridge, withCaller } from '@phoenix/db';
import { requireCaller } from '../http/caller.ts';
import { ApiError, errorBodySchema } from '../http/errors.ts';

/** Stands in for the user ID while an unpaired bridge redeems its code. */
const UNPAIRED_BRIDGE = '00000000-0000-0000-0000-000000000000';

const patientParams = {
  type: 'object',
  required: ['patientId'],
  properties: { patientId: { type: 'string', format: 'uuid' } },
} as const;

const anyObject = { type: 'object', additionalProperties: true } as const;
const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
};

/** Routes that pair bridges with a patient, list them and revoke them. */
export function bridgeRoutes(app: FastifyInstance, pool: pg.Pool): void {
  app.post<{ Params: { patientId: string } }>(
    '/api/v1/patients/:patientId/pairing-codes',
    {
      schema: {
        summary: 'Create a one-time code, valid 15 minutes, that pairs a bridge with the patient',
        tags: ['bridges'],
        params: patientParams,
        response: { 201: anyObject, ...errors },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request);
      const code = await withCaller(pool, caller, (client) =>
        createPairingCode(client, request.params.patientId),
      );
      request.log.info({ patientId: request.params.patientId }, 'pairing code created');
      return reply.status(201).send(code);
    },
  );

  app.post<{ Body: { code: string; publicKey: string; name: string } }>(
    '/api/v1/bridges/pair',
    {
      schema: {
        summary: 'Register a bridge’s Ed25519 public key with a pairing code',
        description:
          'The bridge keeps its private key; it signs every later request with it (see the ' +
          'X-Bridge-Id, X-Bridge-Timestamp and X-Bridge-Signature headers).',
        tags: ['bridges'],
        body: {
          type: 'object',
          required: ['code', 'publicKey', 'name'],
          additionalProperties: false,
          properties: {
            code: { type: 'string', minLength: 6, maxLength: 20 },
            publicKey: { type: 'string', description: 'Raw 32-byte Ed25519 public key, base64.' },
            name: { type: 'string', minLength: 1, maxLength: 100 },
          },
        },
        response: { 201: anyObject, ...errors },
      },
    },
    async (request, reply) => {
      const { code, publicKey, name } = request.body;
      const key = Buffer.from(publicKey, 'base64');
      if (key.length !== 32) {
        throw new ApiError(
          'VALIDATION_FAILED',
          'publicKey must be a raw 32-byte Ed25519 key in base64',
        );
      }
      try {
        const paired = await withCaller(
          pool,
          { role: 'bridge', userId: UNPAIRED_BRIDGE },
          (client) => pairBridge(client, code, key, name),
        );
        request.log.info(
          { bridgeId: paired.bridgeId, patientId: paired.patientId },
          'bridge paired',
        );
        return reply.status(201).send(paired);
      } catch (error) {
        const state = (error as { code?: string }).code;
        if (state === '42501') {
          throw new ApiError(
            'NOT_AUTHENTICATED',
            'pairing code is invalid, used or expired; create a new one',
          );
        }
        if (state === '23505') {
          throw new ApiError(
            'VALIDATION_FAILED',
            'this public key is paired already; generate a new key',
          );
        }
        throw error;
      }
    },
  );

  app.get<{ Params: { patientId: string } }>(
    '/api/v1/patients/:patientId/bridges',
    {
      schema: {
        summary: 'Bridges paired with the patient',
        tags: ['bridges'],
        params: patientParams,
        response: { 200: { type: 'array', items: anyObject }, ...errors },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      return withCaller(pool, caller, (client) => listBridges(client, request.params.patientId));
    },
  );

  app.delete<{ Params: { patientId: string; bridgeId: string } }>(
    '/api/v1/patients/:patientId/bridges/:bridgeId',
    {
      schema: {
        summary: 'Revoke a bridge (the patient only)',
        tags: ['bridges'],
        params: {
          type: 'object',
          properties: {
            patientId: { type: 'string', format: 'uuid' },
            bridgeId: { type: 'string', format: 'uuid' },
          },
        },
        response: { 204: { type: 'null' }, ...errors },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request);
      await withCaller(pool, caller, (client) => revokeBridge(client, request.params.bridgeId));
      return reply.status(204).send();
    },
  );
}
