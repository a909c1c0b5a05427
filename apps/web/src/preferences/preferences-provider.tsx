import { useCallback, useMemo, useState, type ReactNode } from 'react';

import { useApiClient } from '../api/api-client-context.tsx';
import { getMe, updateMe, type ProfileChanges, type UserProfile } from '../api/me-api.ts';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';
import { PreferencesContext, type Preferences } from './preferences-context.tsx';

/**
 * Loads the signed-in user's profile (`GET /api/v1/me`) and provides their unit and time zone
 * to the views below. While it loads or when it fails, it shows that instead of the views.
 */
export function PreferencesProvider({ children }: { children: ReactNode }) {
  const client = useApiClient();
  const loaded = useApiResource('me', (signal) => getMe(client, signal));

  if (loaded.status === 'loading') {
    return <LoadingStatus label="Loading your preferences…" />;
  }
  if (loaded.status === 'error') {
    return <ErrorMessage title="Your preferences could not be loaded." error={loaded.error} />;
  }
  return <LoadedPreferences initial={loaded.data}>{children}</LoadedPreferences>;
}

function LoadedPreferences({ initial, children }: { initial: UserProfile; children: ReactNode }) {
  const client = useApiClient();
  const [profile, setProfile] = useState(initial);
  const [saveError, setSaveError] = useState<Error | null>(null);

  const save = useCallback(
    async (changes: ProfileChanges) => {
      const previous = profile;
      setProfile({ ...profile, ...changes });
      setSaveError(null);
      try {
        setProfile(await updateMe(client, changes));
      } catch (error) {
        setProfile(previous);
        const failure = error instanceof Error ? error : new Error(String(error));
        setSaveError(failure);
        throw failure;
      }
    },
    [client, profile],
  );

  const value = useMemo<Preferences>(
    () => ({ profile, unit: profile.glucoseUnit, timeZone: profile.timezone, save, saveError }),
    [profile, save, saveError],
  );
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}
