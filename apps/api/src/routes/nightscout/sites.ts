import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import {
  createNightscoutSite,
  createNightscoutToken,
  listNightscoutSites,
  revokeNightscoutSite,
  revokeNightscoutToken,
  rotateNightscoutSecret,
  withCaller,
  type NightscoutCredentialDigests,
} from '@phoenix/db';
import { requireCaller } from '../../http/caller.ts';
import { ApiError, errorBodySchema } from '../../http/errors.ts';
import { sha1Hex, sha512Hex, storedDigest } from '../../http/nightscout-auth.ts';
import {
  isValidPermission,
  READ_PERMISSIONS,
  WRITE_PERMISSIONS,
} from '../../http/nightscout-auth-permissions.ts';

/** Shortest API secret, as Nightscout requires. */
export const MIN_SECRET_LENGTH = 12;

const SITE_KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
};
const anyObject = { type: 'object', additionalProperties: true } as const;
const patientParams = {
  type: 'object',
  required: ['patientId'],
  properties: { patientId: { type: 'string', format: 'uuid' } },
} as const;
const siteParams = {
  type: 'object',
  required: ['patientId', 'siteId'],
  properties: {
    patientId: { type: 'string', format: 'uuid' },
    siteId: { type: 'string', pattern: '^[a-z0-9]{8,32}$' },
  },
} as const;
const secretSchema = { type: 'string', minLength: MIN_SECRET_LENGTH, maxLength: 200 } as const;

interface SiteRequest {
  Params: { patientId: string; siteId: string };
}

/**
 * Routes with which a patient creates Nightscout sites (a base URL and API secret that phone
 * apps upload to), rotates the secret, issues and revokes access tokens, and revokes sites.
 * Secrets and tokens are shown once, in the response that creates them; only digests are kept.
 */
export function nightscoutSiteRoutes(app: FastifyInstance, pool: pg.Pool): void {
  app.post<{ Params: { patientId: string }; Body: { name?: string; apiSecret?: string } }>(
    '/api/v1/patients/:patientId/nightscout-sites',
    {
      schema: {
        summary: 'Create a Nightscout site for the patient (the patient only)',
        description:
          'Returns the site ID, its base URL for xDrip+, AndroidAPS, Loop and Trio, and the API ' +
          'secret when the server generated it. Send apiSecret (at least 12 characters) to ' +
          'choose it; it is never shown again.',
        tags: ['nightscout'],
        params: patientParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            apiSecret: secretSchema,
          },
        },
        response: { 201: anyObject, ...errors },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request);
      const { patientId } = request.params;
      const generated = request.body?.apiSecret === undefined;
      const secret = request.body?.apiSecret ?? randomBytes(18).toString('base64url');
      const siteKey = newSiteKey();
      const name = request.body?.name ?? 'Nightscout';
      await withCaller(pool, caller, (client) =>
        createNightscoutSite(client, { patientId, siteKey, name, secret: secretDigests(secret) }),
      );
      request.log.info({ patientId, siteKey }, 'Nightscout site created');
      return reply.status(201).send({
        siteId: siteKey,
        name,
        ...urlsOf(request, siteKey),
        ...(generated ? { apiSecret: secret } : {}),
      });
    },
  );

  app.get<{ Params: { patientId: string } }>(
    '/api/v1/patients/:patientId/nightscout-sites',
    {
      schema: {
        summary: 'The Nightscout sites of the patient with their credentials, without secrets',
        tags: ['nightscout'],
        params: patientParams,
        response: { 200: { type: 'array', items: anyObject }, ...errors },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const sites = await withCaller(pool, caller, (client) =>
        listNightscoutSites(client, request.params.patientId),
      );
      return sites.map((site) => ({
        siteId: site.siteKey,
        name: site.name,
        ...urlsOf(request, site.siteKey),
        createdAt: site.createdAt.toISOString(),
        revokedAt: site.revokedAt?.toISOString() ?? null,
        credentials: site.credentials,
      }));
    },
  );

  app.post<SiteRequest & { Body: { apiSecret?: string } }>(
    '/api/v1/patients/:patientId/nightscout-sites/:siteId/secret',
    {
      schema: {
        summary: 'Replace the API secret of a site; the old one stops working at once',
        tags: ['nightscout'],
        params: siteParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { apiSecret: secretSchema },
        },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const { patientId, siteId } = request.params;
      const generated = request.body?.apiSecret === undefined;
      const secret = request.body?.apiSecret ?? randomBytes(18).toString('base64url');
      await siteChange(() =>
        withCaller(pool, caller, (client) =>
          rotateNightscoutSecret(client, patientId, siteId, secretDigests(secret)),
        ),
      );
      request.log.info({ patientId, siteKey: siteId }, 'Nightscout API secret replaced');
      return { siteId, ...(generated ? { apiSecret: secret } : {}) };
    },
  );

  nightscoutTokenRoutes(app, pool);

  app.delete<SiteRequest>(
    '/api/v1/patients/:patientId/nightscout-sites/:siteId',
    {
      schema: {
        summary: 'Revoke a site and all its credentials (the patient only)',
        tags: ['nightscout'],
        params: siteParams,
        response: { 204: { type: 'null' }, ...errors },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request);
      const { patientId, siteId } = request.params;
      await siteChange(() =>
        withCaller(pool, caller, (client) => revokeNightscoutSite(client, patientId, siteId)),
      );
      request.log.info({ patientId, siteKey: siteId }, 'Nightscout site revoked');
      return reply.status(204).send();
    },
  );
}

function nightscoutTokenRoutes(app: FastifyInstance, pool: pg.Pool): void {
  app.post<
    SiteRequest & { Body: { name: string; access?: 'read' | 'write'; permissions?: string[] } }
  >(
    '/api/v1/patients/:patientId/nightscout-sites/:siteId/tokens',
    {
      schema: {
        summary: 'Create an access token of a site (the patient only)',
        description:
          'access read gives api:*:read, write also create, update and delete; or list ' +
          'Nightscout permissions such as api:entries:read. The token (name-16 hex digits) ' +
          'is shown once. AndroidAPS needs a write token.',
        tags: ['nightscout'],
        params: siteParams,
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 60 },
            access: { type: 'string', enum: ['read', 'write'] },
            permissions: {
              type: 'array',
              minItems: 1,
              maxItems: 20,
              items: { type: 'string', maxLength: 100 },
            },
          },
        },
        response: { 201: anyObject, ...errors },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request);
      const { patientId, siteId } = request.params;
      const name = tokenName(request.body.name);
      const permissions = permissionsOf(request.body);
      const token = `${name}-${randomBytes(8).toString('hex')}`;
      const id = await siteChange(() =>
        withCaller(pool, caller, (client) =>
          createNightscoutToken(client, {
            patientId,
            siteKey: siteId,
            name,
            sha1Digest: storedDigest(sha1Hex(token)),
            permissions,
          }),
        ),
      );
      request.log.info({ patientId, siteKey: siteId, tokenId: id }, 'Nightscout token created');
      return reply.status(201).send({ id, name, token, permissions });
    },
  );

  app.delete<{ Params: { patientId: string; siteId: string; tokenId: string } }>(
    '/api/v1/patients/:patientId/nightscout-sites/:siteId/tokens/:tokenId',
    {
      schema: {
        summary: 'Revoke an access token of a site (the patient only)',
        tags: ['nightscout'],
        params: {
          type: 'object',
          required: ['patientId', 'siteId', 'tokenId'],
          properties: {
            ...siteParams.properties,
            tokenId: { type: 'string', format: 'uuid' },
          },
        },
        response: { 204: { type: 'null' }, ...errors },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request);
      const { patientId, siteId, tokenId } = request.params;
      await siteChange(() =>
        withCaller(pool, caller, (client) =>
          revokeNightscoutToken(client, patientId, siteId, tokenId),
        ),
      );
      request.log.info({ patientId, siteKey: siteId, tokenId }, 'Nightscout token revoked');
      return reply.status(204).send();
    },
  );
}

/** Run a change of a site; an unknown site or token (SQLSTATE P0002) is a 404. */
async function siteChange<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if ((error as { code?: string }).code === 'P0002') {
      throw new ApiError('NOT_FOUND', 'Nightscout site or token not found, or revoked');
    }
    throw error;
  }
}

/** Create a random site key: 16 lowercase letters and digits (about 80 bits). */
export function newSiteKey(): string {
  const bytes = randomBytes(16);
  return [...bytes].map((byte) => SITE_KEY_ALPHABET[byte % SITE_KEY_ALPHABET.length]).join('');
}

/** Compute the stored digests of an API secret: of its SHA-1 and SHA-512 as clients send them. */
export function secretDigests(secret: string): NightscoutCredentialDigests {
  return { sha1: storedDigest(sha1Hex(secret)), sha512: storedDigest(sha512Hex(secret)) };
}

/** Make a token's name: the given text lowercased, keeping only a–z and 0–9. */
function tokenName(text: string): string {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 30);
  if (name === '') {
    throw new ApiError('VALIDATION_FAILED', 'name must contain letters or digits, such as aaps');
  }
  return name;
}

function permissionsOf(body: { access?: 'read' | 'write'; permissions?: string[] }): string[] {
  if (body.permissions !== undefined) {
    if (body.access !== undefined) {
      throw new ApiError('VALIDATION_FAILED', 'send either access or permissions, not both');
    }
    const invalid = body.permissions.find((permission) => !isValidPermission(permission));
    if (invalid !== undefined) {
      throw new ApiError(
        'VALIDATION_FAILED',
        `invalid permission ${JSON.stringify(invalid)}; use forms such as api:entries:read`,
      );
    }
    return [...new Set(body.permissions)];
  }
  if (body.access === undefined) {
    throw new ApiError('VALIDATION_FAILED', 'send access (read or write) or permissions');
  }
  return [...(body.access === 'write' ? WRITE_PERMISSIONS : READ_PERMISSIONS)];
}

/** Return the site's path and, from the request's host, its full base URL. */
function urlsOf(request: FastifyRequest, siteKey: string): { path: string; url: string } {
  const path = `/ns/${siteKey}/`;
  return { path, url: `${request.protocol}://${request.host}${path}` };
}
