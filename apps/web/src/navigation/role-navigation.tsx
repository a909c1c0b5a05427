import type { UserRole } from '../api/types.ts';
import { AppLink } from './app-link.tsx';
import type { PageName } from './routes.ts';

/** One entry of the navigation bar. */
interface NavigationEntry {
  label: string;
  path: string;
  /** Pages under this entry; the entry is marked current on any of them. */
  pages: readonly PageName[];
}

const ENTRIES: Readonly<Record<UserRole, readonly NavigationEntry[]>> = {
  patient: [
    { label: 'My glucose', path: '/', pages: ['home'] },
    { label: 'Devices and bridges', path: '/devices', pages: ['devices'] },
    { label: 'Sharing', path: '/sharing', pages: ['sharing'] },
    { label: 'Settings', path: '/settings', pages: ['settings'] },
  ],
  clinician: [
    { label: 'Patients', path: '/triage', pages: ['triage', 'patient'] },
    { label: 'Settings', path: '/settings', pages: ['settings'] },
  ],
  engineer: [
    { label: 'Operations', path: '/engineering', pages: ['engineering'] },
    { label: 'Settings', path: '/settings', pages: ['settings'] },
  ],
  admin: [
    { label: 'Users', path: '/admin/users', pages: ['admin-users'] },
    { label: 'Care teams', path: '/admin/care-teams', pages: ['admin-care-teams'] },
    { label: 'Audit log', path: '/admin/audit', pages: ['admin-audit'] },
    { label: 'Operations', path: '/engineering', pages: ['engineering'] },
    { label: 'Settings', path: '/settings', pages: ['settings'] },
  ],
};

/** Props of `RoleNavigation`. */
export interface RoleNavigationProps {
  role: UserRole;
  /** The page shown now; its entry gets `aria-current`. */
  current: PageName;
}

/** Renders the main navigation with the pages of the signed-in user's role. */
export function RoleNavigation({ role, current }: RoleNavigationProps) {
  return (
    <nav aria-label="Main" className="print:hidden">
      <ul className="flex flex-wrap gap-1 border-b border-slate-200">
        {ENTRIES[role].map((entry) => {
          const isCurrent = entry.pages.includes(current);
          return (
            <li key={entry.path}>
              <AppLink
                to={entry.path}
                aria-current={isCurrent ? 'page' : undefined}
                className={`-mb-px inline-block border-b-2 px-3 py-2 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 ${
                  isCurrent ? 'border-blue-700 font-semibold text-blue-800' : 'border-transparent'
                }`}
              >
                {entry.label}
              </AppLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
