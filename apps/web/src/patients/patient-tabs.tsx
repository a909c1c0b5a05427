import { AppLink } from '../navigation/app-link.tsx';
import { PATIENT_TABS, routePath, type PatientTab } from '../navigation/routes.ts';

const TAB_LABELS: Readonly<Record<PatientTab, string>> = {
  report: 'AGP report',
  daily: 'Daily view',
  compare: 'Compare periods',
  trace: 'Glucose trace',
};

/** Props of `PatientTabs`. */
export interface PatientTabsProps {
  patientId: string;
  current: PatientTab;
}

/** Renders the links between the views of one patient; the current one has `aria-current`. */
export function PatientTabs({ patientId, current }: PatientTabsProps) {
  return (
    <nav aria-label="Patient views" className="print:hidden">
      <ul className="flex flex-wrap gap-2">
        {PATIENT_TABS.map((tab) => {
          const isCurrent = tab === current;
          return (
            <li key={tab}>
              <AppLink
                to={routePath({ page: 'patient', patientId, tab })}
                aria-current={isCurrent ? 'page' : undefined}
                className={`inline-block rounded border px-3 py-1 focus-visible:outline-2 focus-visible:outline-blue-600 ${
                  isCurrent
                    ? 'border-blue-700 bg-blue-700 text-white'
                    : 'border-slate-300 bg-white hover:bg-slate-100'
                }`}
              >
                {TAB_LABELS[tab]}
              </AppLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
