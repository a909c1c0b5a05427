import { http, HttpResponse, type JsonBodyType } from 'msw';

import type { DevUser, GlucoseReading, GlucoseStatistics, PatientSummary } from '../api/types.ts';
import {
  clinicianUser,
  demoPatient,
  demoReadings,
  demoStatistics,
  patientUser,
} from './fixtures.ts';
import { server } from './msw-server.ts';

/** A request the mock API received: path, query and the development login header. */
export interface ReceivedRequest {
  path: string;
  query: URLSearchParams;
  devUser: string | null;
}

/** What the mock API returns; each field has a default from `fixtures.ts`. */
export interface DashboardApiOptions {
  users?: DevUser[];
  patients?: PatientSummary[];
  readings?: GlucoseReading[];
  statistics?: GlucoseStatistics;
  /** When set, the readings route fails with this status and body. */
  readingsFailure?: { status: number; body: JsonBodyType };
}

/**
 * Installs MSW handlers for every route the dashboard calls and returns the list of requests
 * they receive, in order.
 */
export function mockDashboardApi(options: DashboardApiOptions = {}): ReceivedRequest[] {
  const received: ReceivedRequest[] = [];
  const record = (request: Request) => {
    const url = new URL(request.url);
    received.push({
      path: url.pathname,
      query: url.searchParams,
      devUser: request.headers.get('X-Dev-User'),
    });
  };
  const range = (request: Request, patientId: string) => {
    const url = new URL(request.url);
    return { patientId, from: url.searchParams.get('from'), to: url.searchParams.get('to') };
  };

  server.use(
    http.get('/api/v1/dev/users', ({ request }) => {
      record(request);
      return HttpResponse.json(options.users ?? [patientUser, clinicianUser]);
    }),
    http.get('/api/v1/patients', ({ request }) => {
      record(request);
      return HttpResponse.json(options.patients ?? [demoPatient]);
    }),
    http.get('/api/v1/patients/:patientId/readings', ({ request, params }) => {
      record(request);
      if (options.readingsFailure !== undefined) {
        const { status, body } = options.readingsFailure;
        return HttpResponse.json(body, { status });
      }
      const readings = options.readings ?? demoReadings;
      return HttpResponse.json({ ...range(request, String(params.patientId)), readings });
    }),
    http.get('/api/v1/patients/:patientId/statistics', ({ request, params }) => {
      record(request);
      const statistics = options.statistics ?? demoStatistics;
      return HttpResponse.json({ ...range(request, String(params.patientId)), statistics });
    }),
  );
  return received;
}
