import { describe, expect, it } from 'vitest';

import { auditFilterFromForm } from './audit-filter.ts';
import { EMPTY_AUDIT_FORM } from './audit-filter-form.tsx';

describe('auditFilterFromForm', () => {
  it('leaves out empty fields', () => {
    expect(auditFilterFromForm(EMPTY_AUDIT_FORM, 'UTC')).toEqual({ limit: 50 });
  });

  it('turns local dates into an inclusive range', () => {
    const filter = auditFilterFromForm(
      {
        table: ' public.users ',
        actor: 'postgres',
        operation: 'DELETE',
        fromDate: '2026-12-01',
        toDate: '2026-12-04',
      },
      'Europe/Helsinki',
    );

    // Helsinki is UTC+2 in December.
    expect(filter).toEqual({
      limit: 50,
      table: 'public.users',
      actor: 'postgres',
      operation: 'DELETE',
      from: '2026-11-30T22:00:00.000Z',
      to: '2026-12-04T22:00:00.000Z',
    });
  });
});
