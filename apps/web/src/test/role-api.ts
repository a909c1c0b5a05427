import { delay, http, HttpResponse, type HttpHandler } from 'msw';

import type { AuditEvent, AuditVerification, CareTeam } from '../api/admin-api.ts';
import type { EngineeringOverview, HealthReport } from '../api/engineering-api.ts';
import type { UserProfile } from '../api/me-api.ts';
import type { Bridge, CareTeamListing, Device, Share } from '../api/patient-api.ts';
import type { DailyResponse } from '../api/report-api.ts';
import type { TriageEntry } from '../api/triage-api.ts';
import type { DevUser } from '../api/types.ts';
import type { CgmReport } from '@phoenix/domain/metrics';
import {
  auditEvents,
  careTeamListings,
  careTeams,
  dailyResponse,
  demoBridges,
  demoDevices,
  demoReport,
  demoShares,
  engineeringOverview,
  healthReport,
  profileOf,
  reportResponse,
  triageEntries,
} from './role-fixtures.ts';

/** What the role views' routes return; each field has a default from `role-fixtures.ts`. */
export interface RoleApiOptions {
  /** Changes to the signed-in user's profile (`GET /api/v1/me`). */
  profile?: Partial<UserProfile>;
  triage?: TriageEntry[];
  report?: CgmReport;
  daily?: (from: string, to: string) => DailyResponse;
  devices?: Device[];
  bridges?: Bridge[];
  careTeamListings?: CareTeamListing[];
  shares?: Share[];
  overview?: EngineeringOverview;
  health?: HealthReport;
  /** Users of `GET /api/v1/admin/users`; the profiles of the development users when unset. */
  adminUsers?: UserProfile[];
  careTeams?: CareTeam[];
  auditEvents?: AuditEvent[];
  verification?: AuditVerification;
}

/** A request as the role handlers record it, with its method and JSON body. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  devUser: string | null;
  authorization: string | null;
  body?: unknown;
}

/** What the handlers need from the dashboard mock: where to record, and whose request it is. */
export interface RoleApiContext {
  received: RecordedRequest[];
  users: readonly DevUser[];
  /** User of a request with a bearer token (OpenID Connect sign-in). */
  tokenUser: DevUser | undefined;
}

/** Returns an API error response in the documented shape. */
export function apiErrorResponse(status: number, code: string, message: string, requestId: string) {
  return HttpResponse.json({ error: { code, message, requestId } }, { status });
}

/** Returns a handler that never responds, so a view stays in its loading state. */
export function neverAnswer(method: 'get' | 'post', path: string): HttpHandler {
  return http[method](path, async () => {
    await delay('infinite');
    return new HttpResponse(null, { status: 204 });
  });
}

/** Returns a handler that sends `report` for the report period starting at `from`. */
export function reportFor(from: string, report: CgmReport): HttpHandler {
  return http.get('/api/v1/patients/:patientId/report', ({ request }) => {
    const url = new URL(request.url);
    if (url.searchParams.get('from') !== from) {
      return undefined;
    }
    return HttpResponse.json(reportResponse(from, url.searchParams.get('to') ?? '', report));
  });
}

/**
 * Builds MSW handlers for every route of the role views. Each records its request (method,
 * path, query, credentials, JSON body) in `context.received`.
 */
export function roleApiHandlers(options: RoleApiOptions, context: RoleApiContext): HttpHandler[] {
  const record = async (request: Request) => {
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.clone().text();
    context.received.push({
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      devUser: request.headers.get('X-Dev-User'),
      authorization: request.headers.get('Authorization'),
      ...(text === '' ? {} : { body: JSON.parse(text) as unknown }),
    });
    return url;
  };
  const userOf = (request: Request) => {
    const devUser = request.headers.get('X-Dev-User');
    return devUser === null ? context.tokenUser : context.users.find((u) => u.id === devUser);
  };
  const empty = () => new HttpResponse(null, { status: 204 });
  let profileChanges: Partial<UserProfile> = options.profile ?? {};

  return [
    http.get('/api/v1/me', async ({ request }) => {
      await record(request);
      const user = userOf(request);
      if (user === undefined) return apiErrorResponse(404, 'NOT_FOUND', 'no user row', 'req-me');
      return HttpResponse.json(profileOf(user, profileChanges));
    }),
    http.patch('/api/v1/me', async ({ request }) => {
      await record(request);
      const user = userOf(request);
      if (user === undefined) return apiErrorResponse(404, 'NOT_FOUND', 'no user row', 'req-me');
      profileChanges = { ...profileChanges, ...((await request.json()) as Partial<UserProfile>) };
      return HttpResponse.json(profileOf(user, profileChanges));
    }),
    http.get('/api/v1/triage', async ({ request }) => {
      await record(request);
      return HttpResponse.json(options.triage ?? triageEntries);
    }),
    http.post('/api/v1/patients/:patientId/reviews', async ({ request }) => {
      await record(request);
      return HttpResponse.json({ reviewedAt: '2026-12-04T12:00:00.000Z' });
    }),
    http.get('/api/v1/patients/:patientId/report', async ({ request }) => {
      const url = await record(request);
      const from = url.searchParams.get('from') ?? '';
      const to = url.searchParams.get('to') ?? '';
      return HttpResponse.json(reportResponse(from, to, options.report ?? demoReport));
    }),
    http.get('/api/v1/patients/:patientId/daily', async ({ request }) => {
      const url = await record(request);
      const from = url.searchParams.get('from') ?? '';
      const to = url.searchParams.get('to') ?? '';
      return HttpResponse.json((options.daily ?? dailyResponse)(from, to));
    }),
    http.get('/api/v1/patients/:patientId/devices', async ({ request }) => {
      await record(request);
      return HttpResponse.json(options.devices ?? demoDevices);
    }),
    http.get('/api/v1/patients/:patientId/bridges', async ({ request }) => {
      await record(request);
      return HttpResponse.json(options.bridges ?? demoBridges);
    }),
    http.delete('/api/v1/patients/:patientId/bridges/:bridgeId', async ({ request }) => {
      await record(request);
      return empty();
    }),
    http.post('/api/v1/patients/:patientId/pairing-codes', async ({ request }) => {
      await record(request);
      return HttpResponse.json(
        { code: 'K7Q2M9XD', expiresAt: '2026-12-04T12:15:00.000Z' },
        { status: 201 },
      );
    }),
    http.get('/api/v1/care-teams', async ({ request }) => {
      await record(request);
      return HttpResponse.json(options.careTeamListings ?? careTeamListings);
    }),
    http.get('/api/v1/patients/:patientId/shares', async ({ request }) => {
      await record(request);
      return HttpResponse.json(options.shares ?? demoShares);
    }),
    http.put('/api/v1/patients/:patientId/shares/:teamId', async ({ request }) => {
      await record(request);
      return empty();
    }),
    http.delete('/api/v1/patients/:patientId/shares/:teamId', async ({ request }) => {
      await record(request);
      return empty();
    }),
    http.get('/api/v1/engineering/overview', async ({ request }) => {
      await record(request);
      return HttpResponse.json(options.overview ?? engineeringOverview);
    }),
    http.get('/api/health', async ({ request }) => {
      await record(request);
      return HttpResponse.json(options.health ?? healthReport);
    }),
    http.get('/api/v1/admin/users', async ({ request }) => {
      await record(request);
      return HttpResponse.json(options.adminUsers ?? context.users.map((user) => profileOf(user)));
    }),
    http.post('/api/v1/admin/users', async ({ request }) => {
      await record(request);
      const { username, ...body } = (await request.json()) as {
        displayName: string;
        role: DevUser['role'];
        username?: string;
      };
      const created = { id: '4c6f1d3e-0000-4000-8000-000000000099', ...body };
      // Like the API with the embedded OpenID provider, a user name gets an initial password.
      const login = username === undefined ? {} : { username, initialPassword: 'initial-pw-1' };
      return HttpResponse.json({ ...profileOf(created), ...login }, { status: 201 });
    }),
    http.patch('/api/v1/admin/users/:userId', async ({ request, params }) => {
      await record(request);
      const { role } = (await request.json()) as { role: DevUser['role'] };
      const user = context.users.find((candidate) => candidate.id === params.userId);
      if (user === undefined) return apiErrorResponse(404, 'NOT_FOUND', 'no user', 'req-u');
      return HttpResponse.json(profileOf({ ...user, role }));
    }),
    http.get('/api/v1/admin/care-teams', async ({ request }) => {
      await record(request);
      return HttpResponse.json(options.careTeams ?? careTeams);
    }),
    http.post('/api/v1/admin/care-teams', async ({ request }) => {
      await record(request);
      const { name } = (await request.json()) as { name: string };
      return HttpResponse.json(
        { id: 'c0000000-0000-4000-8000-000000000099', name, memberIds: [] },
        { status: 201 },
      );
    }),
    http.put('/api/v1/admin/care-teams/:teamId/members/:userId', async ({ request }) => {
      await record(request);
      return empty();
    }),
    http.delete('/api/v1/admin/care-teams/:teamId/members/:userId', async ({ request }) => {
      await record(request);
      return empty();
    }),
    http.get('/api/v1/admin/audit/verify', async ({ request }) => {
      await record(request);
      return HttpResponse.json(
        options.verification ?? { ok: true, checked: 3, firstBrokenId: null, reason: null },
      );
    }),
    http.get('/api/v1/admin/audit', async ({ request }) => {
      const url = await record(request);
      const beforeId = Number(url.searchParams.get('beforeId') ?? Infinity);
      const events = (options.auditEvents ?? auditEvents).filter((event) => event.id < beforeId);
      const limit = Number(url.searchParams.get('limit') ?? 100);
      return HttpResponse.json(events.slice(0, limit));
    }),
  ];
}
