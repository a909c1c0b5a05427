import type { UserRole } from '../api/types.ts';
import { AuditPage } from '../admin/audit-page.tsx';
import { CareTeamsPage } from '../admin/care-teams-page.tsx';
import { UsersPage } from '../admin/users-page.tsx';
import { DevicesPage } from '../devices/devices-page.tsx';
import { EngineeringPage } from '../engineering/engineering-page.tsx';
import type { AppRoute } from '../navigation/routes.ts';
import { MyGlucosePage } from '../patients/my-glucose-page.tsx';
import { PatientWorkspace } from '../patients/patient-workspace.tsx';
import { SettingsPage } from '../preferences/settings-page.tsx';
import { SharingPage } from '../sharing/sharing-page.tsx';
import { TriagePage } from '../triage/triage-page.tsx';
import { PageNotAvailable } from './page-not-available.tsx';

/** Props of `RouteView`. */
export interface RouteViewProps {
  /** A route the role may open; `RoleViews` checks that first. */
  route: AppRoute;
  role: UserRole;
}

/** Renders the page of a route. */
export function RouteView({ route, role }: RouteViewProps) {
  switch (route.page) {
    case 'home':
      return <MyGlucosePage />;
    case 'triage':
      return <TriagePage />;
    case 'patient':
      return <PatientWorkspace key={route.patientId} patientId={route.patientId} tab={route.tab} />;
    case 'devices':
      return <DevicesPage />;
    case 'sharing':
      return <SharingPage />;
    case 'engineering':
      return <EngineeringPage role={role} />;
    case 'admin-users':
      return <UsersPage />;
    case 'admin-care-teams':
      return <CareTeamsPage />;
    case 'admin-audit':
      return <AuditPage />;
    case 'settings':
      return <SettingsPage />;
    case 'not-found':
      return <PageNotAvailable reason="not-found" />;
  }
}
