import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { listDevUsers } from '@phoenix/db';

/** `GET /api/v1/dev/users`: the users offered by the development login. */
export function devRoutes(app: FastifyInstance, pool: pg.Pool): void {
  app.get(
    '/api/v1/dev/users',
    {
      schema: {
        summary: 'Users offered by the development login',
        tags: ['development'],
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'displayName', 'role'],
              properties: {
                id: { type: 'string', format: 'uuid' },
                displayName: { type: 'string' },
                role: { type: 'string', enum: ['patient', 'clinician', 'engineer', 'admin'] },
              },
            },
          },
        },
      },
    },
    async () => listDevUsers(pool),
  );
}
