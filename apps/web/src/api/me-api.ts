import type { GlucoseUnit } from '../units/glucose-units.ts';
import type { ApiClient } from './client.ts';
import type { UserRole } from './types.ts';

/** The signed-in user and their display preferences (`GET /api/v1/me`). */
export interface UserProfile {
  id: string;
  displayName: string;
  role: UserRole;
  glucoseUnit: GlucoseUnit;
  /** IANA time zone chosen for display, or null to show each patient's own zone. */
  timezone: string | null;
}

/** Changes of `PATCH /api/v1/me`; a field left out stays as it is. */
export interface ProfileChanges {
  glucoseUnit?: GlucoseUnit;
  /** An IANA name, or null to go back to each patient's own zone. */
  timezone?: string | null;
}

/** Loads the signed-in user's profile. Rejects with an `ApiError` (404 when the user has no row). */
export function getMe(client: ApiClient, signal?: AbortSignal): Promise<UserProfile> {
  return client.request<UserProfile>('GET', '/api/v1/me', { signal });
}

/**
 * Saves the signed-in user's unit or time zone and returns the stored profile. Rejects with
 * an `ApiError` with code `VALIDATION_FAILED` for a time zone that is not an IANA name.
 */
export function updateMe(client: ApiClient, changes: ProfileChanges): Promise<UserProfile> {
  return client.request<UserProfile>('PATCH', '/api/v1/me', { body: changes });
}
