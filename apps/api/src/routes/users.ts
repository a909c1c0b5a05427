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
} from '@phoenix/db';
import { requireCaller } from '../http/caller.ts';
import { ApiError, errorBodySchema } from '../http/errors.ts';
import { parseRange } from './patients.ts';

const ROLES = ['patient', 'clinician', 'engineer', 'admin'] as const;
const anyObject = { type: 'object', additionalProperties: true } as const;
const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
};

function requireRole(request: FastifyRequest, roles: Caller['role'][], what: string): Caller {
  const caller = requireCaller(request);
  if (!roles.includes(caller.role)) {
    throw new ApiError('FORBIDDEN', `only ${roles.join(' and ')} users may ${what}`);
  }
  return caller;
}

/** Routes for the caller's preferences, user and care-team management, and engineering. */
export function userRoutes(app: FastifyInstance, pool: pg.Pool): void {
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

  app.post<{ Body: { displayName: string; role: (typeof ROLES)[number] } }>(
    '/api/v1/admin/users',
    {
      schema: {
        summary: 'Create a user',
        tags: ['admin'],
        body: {
          type: 'object',
          required: ['displayName', 'role'],
          additionalProperties: false,
          properties: {
            displayName: { type: 'string', minLength: 1, maxLength: 200 },
            role: { type: 'string', enum: [...ROLES] },
          },
        },
        response: { 201: anyObject, ...errors },
      },
    },
    async (request, reply) => {
      const caller = requireRole(request, ['admin'], 'manage users');
      const user = await withCaller(pool, caller, (client) => createUser(client, request.body));
      request.log.info({ userId: user.id, role: user.role }, 'user created');
      return reply.status(201).send(user);
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
      const user = await withCaller(pool, caller, (client) =>
        updateUserRole(client, request.params.userId, request.body.role),
      );
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
