import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { isValidTimeZone } from '@phoenix/domain';
import {
  createCareTeam,
  createUser,
  listCareTeams,
  listAllBridges,
  listDevices,
  listUsers,
  readMe,
  rejectionsByReason,
  setCareTeamMember,
  updateMe,
  updateUserRole,
  uploadsPerHour,
  withCaller,
  type Caller,
  type UserRow,
} from '@phoenix/db';
// The error module alone, because the package's index loads the OpenID provider.
import { LoginConflictError } from '@phoenix/identity/login-errors';
import { requireCaller } from '../http/caller.ts';
import { ApiError, errorBodySchema } from '../http/errors.ts';
import type { LoginDirectory } from '../logins.ts';
import { parseRange } from './patients.ts';

const ROLES = ['patient', 'clinician', 'engineer', 'admin'] as const;
/** Usernames of the embedded provider: letters, digits and `. _ @ + -`, 2 to 100 characters. */
const USERNAME_PATTERN = '^[A-Za-z0-9._@+-]{2,100}$';
const anyObject = { type: 'object', additionalProperties: true } as const;
const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

/** Rejects a username the login store cannot take, before any row is written. */
function checkUsername(username: string | undefined, logins: LoginDirectory | null): void {
  if (!logins && username !== undefined) {
    throw new ApiError(
      'VALIDATION_FAILED',
      'username is not accepted because sign-in goes through the external OpenID provider ' +
        '(OIDC_ISSUER); create the login there with the new user’s id as its subject',
    );
  }
  if (logins && username === undefined) {
    throw new ApiError(
      'VALIDATION_FAILED',
      'username is required: the embedded OpenID provider signs users in by username',
    );
  }
  if (logins && username !== undefined && logins.hasUsername(username)) {
    throw new ApiError('USERNAME_TAKEN', `the username ${JSON.stringify(username)} is taken`);
  }
}

async function createLoginOrConflict(
  logins: LoginDirectory,
  user: { id: string; username: string; displayName: string; role: UserRow['role'] },
): Promise<{ password: string }> {
  try {
    return await logins.createLogin(user);
  } catch (error) {
    if (error instanceof LoginConflictError) {
      throw new ApiError('USERNAME_TAKEN', error.message, undefined, { cause: error });
    }
    throw error;
  }
}

function requireRole(request: FastifyRequest, roles: Caller['role'][], what: string): Caller {
  const caller = requireCaller(request);
  if (!roles.includes(caller.role)) {
    throw new ApiError('FORBIDDEN', `only ${roles.join(' and ')} users may ${what}`);
  }
  return caller;
}

/**
 * Routes for the caller's preferences, user and care-team management, and engineering.
 * `logins` is the embedded OpenID provider's login store, or null with an external provider.
 */
export function userRoutes(
  app: FastifyInstance,
  pool: pg.Pool,
  logins: LoginDirectory | null,
): void {
  app.get(
    '/api/v1/me',
    {
      schema: {
        summary: 'The caller and their display preferences',
        tags: ['users'],
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const me = await withCaller(pool, caller, (client) => readMe(client));
      if (!me) throw new ApiError('NOT_FOUND', 'no user row for this caller');
      return me;
    },
  );

  app.patch<{ Body: { glucoseUnit?: 'mg/dL' | 'mmol/L'; timezone?: string | null } }>(
    '/api/v1/me',
    {
      schema: {
        summary: 'Change the caller’s glucose unit or display time zone',
        tags: ['users'],
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            glucoseUnit: { type: 'string', enum: ['mg/dL', 'mmol/L'] },
            timezone: { type: ['string', 'null'], maxLength: 64 },
          },
        },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const { timezone } = request.body;
      if (typeof timezone === 'string' && !isValidTimeZone(timezone)) {
        throw new ApiError(
          'VALIDATION_FAILED',
          `unknown time zone ${JSON.stringify(timezone)}; use an IANA name`,
        );
      }
      const me = await withCaller(pool, caller, (client) => updateMe(client, request.body));
      if (!me) throw new ApiError('NOT_FOUND', 'no user row for this caller');
      return me;
    },
  );

  app.get(
    '/api/v1/admin/users',
    {
      schema: {
        summary: 'Every user',
        tags: ['admin'],
        response: { 200: { type: 'array', items: anyObject }, ...errors },
      },
    },
    async (request) => {
      const caller = requireRole(request, ['admin'], 'manage users');
      return withCaller(pool, caller, (client) => listUsers(client));
    },
  );

  app.post<{ Body: { displayName: string; role: (typeof ROLES)[number]; username?: string } }>(
    '/api/v1/admin/users',
    {
      schema: {
        summary: 'Create a user',
        description:
          'With the embedded OpenID provider, `username` is required and the response carries ' +
          'a generated `initialPassword`, returned only here and stored only as a hash. With an ' +
          'external provider (OIDC_ISSUER), `username` is rejected: create the login at that ' +
          'provider with the new user’s `id` as its subject.',
        tags: ['admin'],
        body: {
          type: 'object',
          required: ['displayName', 'role'],
          additionalProperties: false,
          properties: {
            displayName: { type: 'string', minLength: 1, maxLength: 200 },
            role: { type: 'string', enum: [...ROLES] },
            username: { type: 'string', pattern: USERNAME_PATTERN },
          },
        },
        response: { 201: anyObject, ...errors },
      },
    },
    async (request, reply) => {
      const caller = requireRole(request, ['admin'], 'manage users');
      const { username, ...fields } = request.body;
      checkUsername(username, logins);
      const created = await withCaller(pool, caller, async (client) => {
        const user = await createUser(client, fields);
        if (!logins || username === undefined) return user;
        // A failed login rolls the user row back, so no user exists without a way to sign in.
        const { password } = await createLoginOrConflict(logins, { ...user, username });
        return { ...user, username, initialPassword: password };
      });
      request.log.info({ userId: created.id, role: created.role }, 'user created');
      // The initial password must not stay in any cache.
      return reply.status(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.patch<{ Params: { userId: string }; Body: { role: (typeof ROLES)[number] } }>(
    '/api/v1/admin/users/:userId',
    {
      schema: {
        summary: 'Change a user’s role',
        tags: ['admin'],
        params: { type: 'object', properties: { userId: { type: 'string', format: 'uuid' } } },
        body: {
          type: 'object',
          required: ['role'],
          additionalProperties: false,
          properties: { role: { type: 'string', enum: [...ROLES] } },
        },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => {
      const caller = requireRole(request, ['admin'], 'manage users');
      const user = await withCaller(pool, caller, async (client) => {
        const updated = await updateUserRole(client, request.params.userId, request.body.role);
        // Inside the transaction, so a failed login update rolls the role change back and the
        // provider's tokens never name a role other than the database's.
        if (updated) await logins?.setRole(updated.id, updated.role);
        return updated;
      });
      if (!user) throw new ApiError('NOT_FOUND', `user ${request.params.userId} not found`);
      return user;
    },
  );

  app.get(
    '/api/v1/admin/care-teams',
    {
      schema: {
        summary: 'Care teams and their members',
        tags: ['admin'],
        response: { 200: { type: 'array', items: anyObject }, ...errors },
      },
    },
    async (request) => {
      const caller = requireRole(request, ['admin'], 'manage care teams');
      return withCaller(pool, caller, (client) => listCareTeams(client));
    },
  );

  app.post<{ Body: { name: string } }>(
    '/api/v1/admin/care-teams',
    {
      schema: {
        summary: 'Create a care team',
        tags: ['admin'],
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
        },
        response: { 201: anyObject, ...errors },
      },
    },
    async (request, reply) => {
      const caller = requireRole(request, ['admin'], 'manage care teams');
      const team = await withCaller(pool, caller, (client) =>
        createCareTeam(client, request.body.name),
      );
      return reply.status(201).send(team);
    },
  );

  for (const method of ['PUT', 'DELETE'] as const) {
    app.route<{ Params: { teamId: string; userId: string } }>({
      method,
      url: '/api/v1/admin/care-teams/:teamId/members/:userId',
      schema: {
        summary: method === 'PUT' ? 'Add a user to a care team' : 'Remove a user from a care team',
        tags: ['admin'],
        params: {
          type: 'object',
          properties: {
            teamId: { type: 'string', format: 'uuid' },
            userId: { type: 'string', format: 'uuid' },
          },
        },
        response: { 204: { type: 'null' }, ...errors },
      },
      handler: async (request, reply) => {
        const caller = requireRole(request, ['admin'], 'manage care teams');
        const { teamId, userId } = request.params;
        try {
          await withCaller(pool, caller, (client) =>
            setCareTeamMember(client, teamId, userId, method === 'PUT'),
          );
        } catch (error) {
          if ((error as { code?: string }).code === '23503') {
            throw new ApiError('NOT_FOUND', 'care team or user not found');
          }
          throw error;
        }
        return reply.status(204).send();
      },
    });
  }

  app.get<{ Querystring: { from: string; to: string } }>(
    '/api/v1/engineering/overview',
    {
      schema: {
        summary:
          'Uploads per hour, rejected records by reason and devices, under patient UUIDs only',
        tags: ['engineering'],
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          additionalProperties: false,
          properties: {
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
          },
        },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => {
      const caller = requireRole(request, ['engineer', 'admin'], 'read the engineering overview');
      const { from, to } = parseRange(request.query);
      return withCaller(pool, caller, async (client) => ({
        from: from.toISOString(),
        to: to.toISOString(),
        uploadsPerHour: await uploadsPerHour(client, from, to),
        rejections: await rejectionsByReason(client, from, to),
        devices: caller.role === 'engineer' ? await listDevices(client, null) : [],
        bridges: caller.role === 'engineer' ? await listAllBridges(client) : [],
      }));
    },
  );
}
