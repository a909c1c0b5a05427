import { http, HttpResponse, type JsonBodyType } from 'msw';

import type {
  AuthConfig,
  DevUser,
  GlucoseReading,
  GlucoseStatistics,
  PatientSummary,
} from '../api/types.ts';
import {
  clinicianUser,
  demoPatient,
  demoReadings,
  demoStatistics,
  patientUser,
} from './fixtures.ts';
import { server } from './msw-server.ts';
import { roleApiHandlers, type RoleApiOptions } from './role-api.ts';

/** A request the mock API received: method, path, query, credential headers and JSON body. */
export interface ReceivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  devUser: string | null;
  authorization: string | null;
  body?: unknown;
}

/** Sign-in settings of the development setup: no issuer, development login on. */
export const developmentAuthConfig: AuthConfig = {
  issuer: null,
  clientId: 'phoenix-dashboard',
  audience: 'urn:phoenix-ascend:api',
  scope: 'openid profile',
  devLogin: true,
};

/** What the mock API returns; each field has a default from `fixtures.ts`. */
export interface DashboardApiOptions {
  authConfig?: AuthConfig;
  /** User returned by `GET /api/v1/auth/me`; the first of `users` when unset. */
  currentUser?: DevUser;
  users?: DevUser[];
  patients?: PatientSummary[];
  readings?: GlucoseReading[];
  statistics?: GlucoseStatistics;
  /** What the routes of the role views return (`role-api.ts`). */
  roles?: RoleApiOptions;
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
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      devUser: request.headers.get('X-Dev-User'),
      authorization: request.headers.get('Authorization'),
    });
  };
  const range = (request: Request, patientId: string) => {
    const url = new URL(request.url);
    return { patientId, from: url.searchParams.get('from'), to: url.searchParams.get('to') };
  };

  const users = options.users ?? [patientUser, clinicianUser];
  server.use(
    http.get('/api/v1/auth/config', ({ request }) => {
      record(request);
      return HttpResponse.json(options.authConfig ?? developmentAuthConfig);
    }),
    http.get('/api/v1/auth/me', ({ request }) => {
      record(request);
      return HttpResponse.json(options.currentUser ?? users[0]);
    }),
    http.get('/api/v1/dev/users', ({ request }) => {
      record(request);
      return HttpResponse.json(users);
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
    ...roleApiHandlers(options.roles ?? {}, {
      received,
      users,
      tokenUser: options.currentUser ?? users[0],
    }),
  );
  return received;
}
