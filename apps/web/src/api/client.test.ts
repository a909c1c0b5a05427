import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { server } from '../test/msw-server.ts';
import { ApiError, NETWORK_ERROR_CODE, UNEXPECTED_RESPONSE_CODE } from './api-error.ts';
import { createApiClient } from './client.ts';

const period = { from: '2019-03-03T09:55:00.001Z', to: '2019-03-17T09:55:00.001Z' };

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ApiError)) {
    throw new Error(`Expected an ApiError, got ${String(error)}`);
  }
  return error;
}

describe('createApiClient', () => {
  it('sends the development user and period', async () => {
    const requests: Request[] = [];
    server.use(
      http.get('/api/v1/patients/:patientId/readings', ({ request, params }) => {
        requests.push(request);
        return HttpResponse.json({ patientId: params.patientId, ...period, readings: [] });
      }),
    );

    const response = await createApiClient('user-1').getReadings('patient/1', period);

    expect(response.readings).toEqual([]);
    expect(requests).toHaveLength(1);
    const url = new URL(requests[0]?.url ?? '');
    expect(requests[0]?.headers.get('X-Dev-User')).toBe('user-1');
    expect(url.pathname).toBe('/api/v1/patients/patient%2F1/readings');
    expect(url.searchParams.get('from')).toBe(period.from);
    expect(url.searchParams.get('to')).toBe(period.to);
  });

  it('sends no user header when signed out', async () => {
    const requests: Request[] = [];
    server.use(
      http.get('/api/v1/dev/users', ({ request }) => {
        requests.push(request);
        return HttpResponse.json([]);
      }),
    );

    await createApiClient(null).listDevUsers();

    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers.get('X-Dev-User')).toBeNull();
  });

  it('raises the documented error body', async () => {
    server.use(
      http.get('/api/v1/patients', () =>
        HttpResponse.json(
          {
            error: {
              code: 'UNAUTHENTICATED',
              message: 'Missing X-Dev-User header.',
              requestId: 'req-1',
              details: [{ header: 'X-Dev-User' }],
            },
          },
          { status: 401 },
        ),
      ),
    );

    const error = await rejection(createApiClient(null).listPatients());

    expect(error.status).toBe(401);
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toBe('Missing X-Dev-User header.');
    expect(error.requestId).toBe('req-1');
    expect(error.details).toEqual([{ header: 'X-Dev-User' }]);
  });

  it('raises on a body that is not JSON', async () => {
    server.use(
      http.get(
        '/api/v1/patients',
        () =>
          new HttpResponse('<html>Bad gateway</html>', {
            status: 502,
            headers: { 'x-request-id': 'proxy-9' },
          }),
      ),
    );

    const error = await rejection(createApiClient('user-1').listPatients());

    expect(error.status).toBe(502);
    expect(error.code).toBe(UNEXPECTED_RESPONSE_CODE);
    expect(error.requestId).toBe('proxy-9');
    expect(error.message).toContain('HTTP status 502');
  });

  it('raises a network error', async () => {
    server.use(http.get('/api/v1/patients', () => HttpResponse.error()));

    const error = await rejection(createApiClient('user-1').listPatients());

    expect(error.status).toBe(0);
    expect(error.code).toBe(NETWORK_ERROR_CODE);
    expect(error.requestId).toBeNull();
  });

  it('passes an abort through', async () => {
    server.use(http.get('/api/v1/patients', () => HttpResponse.json([])));
    const controller = new AbortController();
    controller.abort();

    const error = await createApiClient('user-1')
      .listPatients(controller.signal)
      .then(
        () => null,
        (reason: unknown) => reason,
      );

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('AbortError');
  });

  it('downloads a file with the bearer token', async () => {
    const requests: Request[] = [];
    server.use(
      http.get('/api/v1/files/a.csv', ({ request }) => {
        requests.push(request);
        return new HttpResponse('time_utc\r\n', {
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': 'attachment; filename="server-name.csv"',
          },
        });
      }),
    );
    const client = createApiClient(null, { getAccessToken: () => Promise.resolve('token-7') });

    const file = await client.download('/api/v1/files/a.csv');

    expect(requests[0]?.headers.get('Authorization')).toBe('Bearer token-7');
    expect(requests[0]?.headers.get('X-Dev-User')).toBeNull();
    expect(file.fileName).toBe('server-name.csv');
    // fetch serializes the MIME type without the space before parameters.
    expect(file.blob.type).toBe('text/csv;charset=utf-8');
    expect(await file.blob.text()).toBe('time_utc\r\n');
  });

  it('downloads a file without a name', async () => {
    server.use(http.get('/api/v1/files/a.csv', () => new HttpResponse('x')));

    const file = await createApiClient('user-1').download('/api/v1/files/a.csv');

    expect(file.fileName).toBeNull();
    expect(await file.blob.text()).toBe('x');
  });

  it('raises the error body of a download', async () => {
    server.use(
      http.get('/api/v1/files/a.csv', () =>
        HttpResponse.json(
          { error: { code: 'PATIENT_NOT_FOUND', message: 'patient not found', requestId: 'r-3' } },
          { status: 404 },
        ),
      ),
    );

    const error = await rejection(createApiClient('user-1').download('/api/v1/files/a.csv'));

    expect(error.status).toBe(404);
    expect(error.code).toBe('PATIENT_NOT_FOUND');
    expect(error.message).toBe('patient not found');
    expect(error.requestId).toBe('r-3');
  });
});
