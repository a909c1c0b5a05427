import { useEffect, useRef } from 'react';

import type { UserRole } from '../api/types.ts';
import { useCurrentLocation } from '../navigation/location.ts';
import { RoleNavigation } from '../navigation/role-navigation.tsx';
import { homeRoute, isPageAllowed, parseRoute } from '../navigation/routes.ts';
import { usePreferences } from '../preferences/preferences-context.tsx';
import { PreferencesProvider } from '../preferences/preferences-provider.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { PageNotAvailable } from './page-not-available.tsx';
import { RouteView } from './route-view.tsx';

/** Props of `RoleViews`. */
export interface RoleViewsProps {
  role: UserRole;
}

/**
 * Renders the signed-in user's views: their preferences (unit, time zone), the navigation of
 * their role, and the page at the address bar's path. `/` opens the role's start page. A page
 * of another role shows a notice; the API refuses that role's data in any case.
 */
export function RoleViews({ role }: RoleViewsProps) {
  return (
    <PreferencesProvider>
      <RoutedPage role={role} />
    </PreferencesProvider>
  );
}

function RoutedPage({ role }: RoleViewsProps) {
  const { pathname } = useCurrentLocation();
  const { saveError } = usePreferences();
  const parsed = parseRoute(pathname);
  const route = parsed.page === 'home' ? homeRoute(role) : parsed;
  const allowed = isPageAllowed(role, route.page);
  const pageRef = useRef<HTMLDivElement | null>(null);
  const firstRender = useRef(true);

  // After a change of page, move focus to the new page so that keyboard and screen reader
  // users start there, as after a full page load.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    pageRef.current?.focus();
  }, [pathname]);

  return (
    <div className="space-y-4">
      <RoleNavigation role={role} current={route.page} />
      {saveError !== null && (
        <ErrorMessage title="Your preference could not be saved." error={saveError} />
      )}
      <div ref={pageRef} tabIndex={-1} className="space-y-4 outline-none">
        {allowed ? <RouteView route={route} role={role} /> : <PageNotAvailable reason="role" />}
      </div>
    </div>
  );
}
