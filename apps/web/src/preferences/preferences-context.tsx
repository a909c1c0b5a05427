import { createContext, useContext } from 'react';

import type { ProfileChanges, UserProfile } from '../api/me-api.ts';
import type { GlucoseUnit } from '../units/glucose-units.ts';

/** The signed-in user's display preferences, and a way to change them. */
export interface Preferences {
  profile: UserProfile;
  unit: GlucoseUnit;
  /** IANA zone the user chose for times, or null to show each patient's own zone. */
  timeZone: string | null;
  /**
   * Applies changes at once and saves them with `PATCH /api/v1/me`. When saving fails, the
   * previous values come back, `saveError` is set and the promise rejects.
   */
  save(changes: ProfileChanges): Promise<void>;
  /** Error of the last failed save, or null. */
  saveError: Error | null;
}

/** Context of the signed-in user's preferences; `PreferencesProvider` fills it. */
export const PreferencesContext = createContext<Preferences | null>(null);

/** Returns the preferences from the nearest `PreferencesProvider`. Throws when there is none. */
export function usePreferences(): Preferences {
  const preferences = useContext(PreferencesContext);
  if (preferences === null) {
    throw new Error('usePreferences needs a PreferencesProvider above the component.');
  }
  return preferences;
}

/** Returns the browser's own IANA time zone, for times that belong to no patient. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * Returns the zone to show a patient's times in: the user's chosen zone, or the patient's.
 * Times that belong to no patient (uploads, audit events) pass no patient zone and fall back
 * to the browser's zone.
 */
export function displayTimeZone(preferences: Preferences, patientTimeZone?: string): string {
  return preferences.timeZone ?? patientTimeZone ?? browserTimeZone();
}
