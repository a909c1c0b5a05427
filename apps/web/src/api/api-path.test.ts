import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { server } from '../test/msw-server.ts';
import { apiPath } from './api-path.ts';
import { createApiClient } from './client.ts';

describe('apiPath', () => {
  it('encodes segments and skips empty parameters', () => {
    expect(apiPath(['patients', 'a/b', 'report'], { from: 'x y', to: undefined, days: 14 })).toBe(
      '/api/v1/patients/a%2Fb/report?from=x+y&days=14',
    );
    expect(apiPath(['triage'], { days: '' })).toBe('/api/v1/triage');
  });
});

describe('ApiClient.request', () => {
  it('sends a JSON body with its method', async () => {
    const received: { method: string; type: string | null; body: string }[] = [];
    server.use(
      http.patch('/api/v1/me', async ({ request }) => {
        received.push({
          method: request.method,
          type: request.headers.get('Content-Type'),
          body: await request.text(),
        });
        return HttpResponse.json({ ok: true });
      }),
    );

    const result = await createApiClient('user-1').request('PATCH', '/api/v1/me', {
      body: { glucoseUnit: 'mmol/L' },
    });

    expect(result).toEqual({ ok: true });
    expect(received).toEqual([
      { method: 'PATCH', type: 'application/json', body: '{"glucoseUnit":"mmol/L"}' },
    ]);
  });

  it('sends no content type without a body', async () => {
    const types: (string | null)[] = [];
    server.use(
      http.post('/api/v1/patients/p1/reviews', ({ request }) => {
        types.push(request.headers.get('Content-Type'));
        return HttpResponse.json({ reviewedAt: '2026-12-04T12:00:00.000Z' });
      }),
    );

    await createApiClient('user-1').request('POST', '/api/v1/patients/p1/reviews');

    expect(types).toEqual([null]);
  });

  it('returns undefined for 204', async () => {
    server.use(
      http.delete('/api/v1/patients/p1/shares/t1', () => new HttpResponse(null, { status: 204 })),
    );

    const result = await createApiClient('user-1').request(
      'DELETE',
      '/api/v1/patients/p1/shares/t1',
    );

    expect(result).toBeUndefined();
  });
});
