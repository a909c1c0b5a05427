import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { ApiError } from '../http/errors.ts';

/** `GET /api/health`: whether the API can reach its database. */
export function healthRoutes(app: FastifyInstance, pool: pg.Pool): void {
  app.get(
    '/api/health',
    {
      schema: {
        summary: 'Liveness of the API and its database',
        tags: ['health'],
        response: {
          200: {
            type: 'object',
            properties: { status: { type: 'string' }, database: { type: 'string' } },
          },
        },
      },
    },
    async () => {
      try {
        await pool.query('select 1');
      } catch (error) {
        throw new ApiError(
          'DATABASE_UNAVAILABLE',
          'the database is unavailable; retry later',
          undefined,
          {
            cause: error,
          },
        );
      }
      return { status: 'ok', database: 'up' };
    },
  );
}
