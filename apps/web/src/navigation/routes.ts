import type { UserRole } from '../api/types.ts';

/** Tabs of one patient's clinician workspace. */
export type PatientTab = 'report' | 'daily' | 'compare' | 'trace';

/** The tabs in the order the workspace shows them. */
export const PATIENT_TABS: readonly PatientTab[] = ['report', 'daily', 'compare', 'trace'];

/** A page of the dashboard, parsed from the address bar's path. */
export type AppRoute =
  | { page: 'home' }
  | { page: 'triage' }
  | { page: 'patient'; patientId: string; tab: PatientTab }
  | { page: 'devices' }
  | { page: 'sharing' }
  | { page: 'engineering' }
  | { page: 'admin-users' }
  | { page: 'admin-care-teams' }
  | { page: 'admin-audit' }
  | { page: 'settings' }
  | { page: 'not-found'; path: string };

/** Name of a page, `AppRoute['page']`. */
export type PageName = AppRoute['page'];

/** Pages without parameters. */
type FixedPage = Exclude<PageName, 'patient' | 'not-found'>;

const FIXED_PATHS: Readonly<Record<string, FixedPage>> = {
  '/': 'home',
  '/triage': 'triage',
  '/devices': 'devices',
  '/sharing': 'sharing',
  '/engineering': 'engineering',
  '/admin/users': 'admin-users',
  '/admin/care-teams': 'admin-care-teams',
  '/admin/audit': 'admin-audit',
  '/settings': 'settings',
};

const PATIENT_PATH = /^\/patients\/([^/]+)\/(report|daily|compare|trace)$/;

/**
 * Parses a path such as `/patients/<id>/report` into a route. A trailing slash is ignored;
 * an unknown path becomes `not-found`.
 */
export function parseRoute(pathname: string): AppRoute {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const fixed = FIXED_PATHS[path];
  if (fixed !== undefined) {
    return { page: fixed };
  }
  const match = PATIENT_PATH.exec(path);
  if (match !== null) {
    return {
      page: 'patient',
      patientId: decodeURIComponent(match[1] ?? ''),
      tab: match[2] as PatientTab,
    };
  }
  return { page: 'not-found', path };
}

/** Returns the path of a route, the inverse of `parseRoute`. */
export function routePath(route: AppRoute): string {
  if (route.page === 'patient') {
    return `/patients/${encodeURIComponent(route.patientId)}/${route.tab}`;
  }
  if (route.page === 'not-found') {
    return route.path;
  }
  const entry = Object.entries(FIXED_PATHS).find(([, page]) => page === route.page);
  return entry?.[0] ?? '/';
}

/** Pages each role may open; the API enforces the same split on every request. */
const ROLE_PAGES: Readonly<Record<UserRole, readonly PageName[]>> = {
  patient: ['home', 'devices', 'sharing', 'settings'],
  clinician: ['home', 'triage', 'patient', 'settings'],
  engineer: ['home', 'engineering', 'settings'],
  admin: ['home', 'admin-users', 'admin-care-teams', 'admin-audit', 'engineering', 'settings'],
};

/** Checks whether a role may open a page. `not-found` is open to everyone. */
export function isPageAllowed(role: UserRole, page: PageName): boolean {
  return page === 'not-found' || ROLE_PAGES[role].includes(page);
}

/**
 * Returns the page a role starts on at `/`: the patient's own glucose, the clinician's triage
 * list, the engineer's overview, or the admin's user list.
 */
export function homeRoute(role: UserRole): AppRoute {
  switch (role) {
    case 'patient':
      return { page: 'home' };
    case 'clinician':
      return { page: 'triage' };
    case 'engineer':
      return { page: 'engineering' };
    case 'admin':
      return { page: 'admin-users' };
  }
}
