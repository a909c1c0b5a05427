import type { AuditFilter } from '../api/admin-api.ts';
import { addDaysToIsoDate, startOfZonedDateMs } from '../time/time-zone.ts';
import type { AuditFormValues } from './audit-filter-form.tsx';

/** Events per page of the audit log. */
export const AUDIT_PAGE_SIZE = 50;

/**
 * Turns the form's values into API filters: empty fields are left out, and the dates become
 * the start of `fromDate` and the end of `toDate` (inclusive) in `timeZone`.
 */
export function auditFilterFromForm(values: AuditFormValues, timeZone: string): AuditFilter {
  const filter: AuditFilter = { limit: AUDIT_PAGE_SIZE };
  if (values.table.trim() !== '') filter.table = values.table.trim();
  if (values.actor.trim() !== '') filter.actor = values.actor.trim();
  if (values.operation !== '') filter.operation = values.operation;
  if (values.fromDate !== '') {
    filter.from = new Date(startOfZonedDateMs(timeZone, values.fromDate)).toISOString();
  }
  if (values.toDate !== '') {
    const endMs = startOfZonedDateMs(timeZone, addDaysToIsoDate(values.toDate, 1));
    filter.to = new Date(endMs).toISOString();
  }
  return filter;
}
