import { apiPath } from './api-path.ts';
import type { ApiClient } from './client.ts';
import type { UserProfile } from './me-api.ts';
import type { UserRole } from './types.ts';

/** The roles in the order the admin views list them. */
export const USER_ROLES: readonly UserRole[] = ['patient', 'clinician', 'engineer', 'admin'];

/** A care team with its members' user IDs. */
export interface CareTeam {
  id: string;
  name: string;
  memberIds: string[];
}

/** Operations recorded in the audit log. */
export type AuditOperation = 'INSERT' | 'UPDATE' | 'DELETE';

/** One audit event: who changed which table, how and when. */
export interface AuditEvent {
  id: number;
  /** ISO instant. */
  occurredAt: string;
  transactionId: number;
  /** User ID of the application user, or the database role for maintenance work. */
  actor: string;
  dbRole: string;
  /** Schema-qualified table name, for example `public.users`. */
  tableName: string;
  operation: AuditOperation;
}

/** Filters of `listAuditEvents`; each one left out matches every event. */
export interface AuditFilter {
  table?: string;
  actor?: string;
  operation?: AuditOperation;
  /** ISO instant, inclusive. */
  from?: string;
  /** ISO instant, exclusive. */
  to?: string;
  /** Events with an ID below this one, to page back from the newest. */
  beforeId?: number;
  /** Events per page, 1 to 500. */
  limit?: number;
}

/** Outcome of recomputing the audit chain (`GET /api/v1/admin/audit/verify`). */
export interface AuditVerification {
  ok: boolean;
  checked: number;
  /** First event whose hash does not match, or null when the chain is intact. */
  firstBrokenId: number | null;
  reason: string | null;
}

/** Lists every user, by role and name. Admins only; others get `FORBIDDEN` (403). */
export function listUsers(client: ApiClient, signal?: AbortSignal): Promise<UserProfile[]> {
  return client.request<UserProfile[]>('GET', apiPath(['admin', 'users']), { signal });
}

/** Creates a user and returns it. */
export function createUser(
  client: ApiClient,
  user: { displayName: string; role: UserRole; username?: string },
): Promise<CreatedUser> {
  return client.request<CreatedUser>('POST', apiPath(['admin', 'users']), { body: user });
}

/**
 * A user that `createUser` created. With the embedded OpenID provider it carries the login's
 * user name and its initial password, which the API returns only once.
 */
export interface CreatedUser extends UserProfile {
  username?: string;
  initialPassword?: string;
}

/** Changes a user's role; rejects with `NOT_FOUND` (404) for an unknown user. */
export function changeUserRole(
  client: ApiClient,
  userId: string,
  role: UserRole,
): Promise<UserProfile> {
  const path = apiPath(['admin', 'users', userId]);
  return client.request<UserProfile>('PATCH', path, { body: { role } });
}

/** Lists the care teams with their members. */
export function listCareTeamsWithMembers(
  client: ApiClient,
  signal?: AbortSignal,
): Promise<CareTeam[]> {
  return client.request<CareTeam[]>('GET', apiPath(['admin', 'care-teams']), { signal });
}

/** Creates a care team without members. */
export function createCareTeam(client: ApiClient, name: string): Promise<CareTeam> {
  return client.request<CareTeam>('POST', apiPath(['admin', 'care-teams']), { body: { name } });
}

/** Adds a user to a care team (`member` true) or removes them; `NOT_FOUND` for unknown IDs. */
export function setCareTeamMember(
  client: ApiClient,
  teamId: string,
  userId: string,
  member: boolean,
) {
  const path = apiPath(['admin', 'care-teams', teamId, 'members', userId]);
  return client.request<void>(member ? 'PUT' : 'DELETE', path);
}

/** Lists audit events matching the filter, newest first. */
export function listAuditEvents(
  client: ApiClient,
  filter: AuditFilter,
  signal?: AbortSignal,
): Promise<AuditEvent[]> {
  const path = apiPath(['admin', 'audit'], { ...filter });
  return client.request<AuditEvent[]>('GET', path, { signal });
}

/** Recomputes the audit chain and reports the first broken link. */
export function verifyAuditTrail(
  client: ApiClient,
  signal?: AbortSignal,
): Promise<AuditVerification> {
  return client.request<AuditVerification>('GET', apiPath(['admin', 'audit', 'verify']), {
    signal,
  });
}
