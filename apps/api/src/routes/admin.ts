import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { listAuditEvents, verifyAuditTrail, withCaller, type Caller } from '@phoenix/db';
import { requireCaller } from '../http/caller.ts';
import { ApiError, errorBodySchema } from '../http/errors.ts';

const MAX_AUDIT_PAGE = 500;

/** The caller, who must be an admin; raises FORBIDDEN otherwise. */
function requireAdmin(request: FastifyRequest): Caller {
  const caller = requireCaller(request);
  if (caller.role !== 'admin') {
    throw new ApiError('FORBIDDEN', 'only admins may read the audit trail');
  }
  return caller;
}

interface AuditQuery {
  Querystring: {
    table?: string;
    actor?: string;
    operation?: 'INSERT' | 'UPDATE' | 'DELETE';
    from?: string;
    to?: string;
    beforeId?: number;
    limit?: number;
  };
}

/** Admin routes: the audit log with filters, and verification of its chain. */
export function adminRoutes(app: FastifyInstance, pool: pg.Pool): void {
  app.get<AuditQuery>(
    '/api/v1/admin/audit',
    {
      schema: {
        summary: 'Audit events, newest first: who changed which table, how and when',
        tags: ['admin'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            table: { type: 'string', maxLength: 200 },
            actor: { type: 'string', maxLength: 200 },
            operation: { type: 'string', enum: ['INSERT', 'UPDATE', 'DELETE'] },
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            beforeId: { type: 'integer', minimum: 1 },
            limit: { type: 'integer', minimum: 1, maximum: MAX_AUDIT_PAGE, default: 100 },
          },
        },
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'integer' },
                occurredAt: { type: 'string', format: 'date-time' },
                transactionId: { type: 'integer' },
                actor: { type: 'string' },
                dbRole: { type: 'string' },
                tableName: { type: 'string' },
                operation: { type: 'string' },
              },
            },
          },
          401: errorBodySchema,
          403: errorBodySchema,
        },
      },
    },
    async (request) => {
      const caller = requireAdmin(request);
      const query = request.query;
      return withCaller(pool, caller, (client) =>
        listAuditEvents(client, {
          tableName: query.table,
          actor: query.actor,
          operation: query.operation,
          from: query.from ? new Date(query.from) : undefined,
          to: query.to ? new Date(query.to) : undefined,
          beforeId: query.beforeId,
          limit: query.limit ?? 100,
        }),
      );
    },
  );

  app.get(
    '/api/v1/admin/audit/verify',
    {
      schema: {
        summary: 'Recompute the audit chain and report the first broken link',
        tags: ['admin'],
        response: {
          200: {
            type: 'object',
            required: ['ok', 'checked', 'firstBrokenId', 'reason'],
            properties: {
              ok: { type: 'boolean' },
              checked: { type: 'integer' },
              firstBrokenId: { type: ['integer', 'null'] },
              reason: { type: ['string', 'null'] },
            },
          },
          401: errorBodySchema,
          403: errorBodySchema,
        },
      },
    },
    async (request) => {
      const caller = requireAdmin(request);
      const result = await withCaller(pool, caller, (client) => verifyAuditTrail(client));
      request.log.info({ ok: result.ok, checked: result.checked }, 'audit trail verified');
      return result;
    },
  );
}
