import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandlers } from './error-handler.ts';

// The API's validator options: unknown keys are rejected, not dropped.
const app = Fastify({ ajv: { customOptions: { removeAdditional: false, coerceTypes: true } } });

beforeAll(async () => {
  installErrorHandlers(app);
  app.get(
    '/range',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { from: { type: 'string', format: 'date-time' } },
        },
      },
    },
    async () => ({ ok: true }),
  );
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

describe('validation errors', () => {
  it('hints at %2B for an offset whose + became a space', async () => {
    const response = await app.inject('/range?from=2024-05-01T08:00:00+03:00');
    expect(response.statusCode).toBe(400);
    const { error } = response.json<{ error: { message: string; details: unknown[] } }>();
    expect(error.message).toBe(
      'invalid request: querystring/from must match format "date-time"; ' +
        'write the + of a UTC offset as %2B in a URL',
    );
    expect(error.details).toEqual([
      {
        field: 'querystring/from',
        message: 'must match format "date-time"; write the + of a UTC offset as %2B in a URL',
      },
    ]);
  });

  it('gives no hint for other bad times', async () => {
    const response = await app.inject('/range?from=yesterday');
    expect(response.json<{ error: { message: string } }>().error.message).toBe(
      'invalid request: querystring/from must match format "date-time"',
    );
  });

  it('names an unknown parameter', async () => {
    const response = await app.inject('/range?from=2024-05-01T08:00:00Z&limit=-1');
    expect(response.statusCode).toBe(400);
    const { error } = response.json<{ error: { message: string; details: unknown[] } }>();
    expect(error.message).toBe(
      'invalid request: unknown parameter limit; remove it or check its spelling',
    );
    expect(error.details).toEqual([
      {
        field: 'querystring',
        message: 'unknown parameter limit; remove it or check its spelling',
      },
    ]);
  });

  it('accepts an encoded offset', async () => {
    const response = await app.inject('/range?from=2024-05-01T08:00:00%2B03:00');
    expect(response.statusCode).toBe(200);
  });
});
