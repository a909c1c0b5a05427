import type { UserRole } from '../api/types.ts';
import { RoleViews } from '../views/role-views.tsx';

/** Props of `PatientsPage`. */
export interface PatientsPageProps {
  role: UserRole;
}

/**
 * Renders the signed-in user's views (see `RoleViews`). The sign-in code (`SignedInApp`)
 * renders this component once the user's role is known, so it keeps this name.
 */
export function PatientsPage({ role }: PatientsPageProps) {
  return <RoleViews role={role} />;
}
