import { render } from '@testing-library/react';

import type { DevUser } from '../api/types.ts';
import { App } from '../app.tsx';
import { DEV_USER_STORAGE_KEY } from '../auth/dev-session.ts';

/**
 * Renders the whole app at `path`, signed in with the development login as `user`. Install
 * the mock API (`mockDashboardApi`) first.
 */
export function renderSignedIn(user: DevUser, path = '/') {
  window.history.replaceState(null, '', path);
  sessionStorage.setItem(DEV_USER_STORAGE_KEY, user.id);
  return render(<App />);
}
