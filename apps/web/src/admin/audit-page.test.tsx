import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { mockDashboardApi } from '../test/dashboard-api.ts';
import { server } from '../test/msw-server.ts';
import { renderSignedIn } from '../test/render-signed-in.tsx';
import { apiErrorResponse, neverAnswer } from '../test/role-api.ts';
import { adminUser, allUsers, auditEvents } from '../test/role-fixtures.ts';
import type { AuditEvent } from '../api/admin-api.ts';

const utc = { timezone: 'UTC' };

async function findEvents() {
  return screen.findByRole('table', { name: 'Audit events, newest first' });
}

/** 60 events, IDs 60 to 1, so the log has two pages of 50. */
const manyEvents: AuditEvent[] = Array.from({ length: 60 }, (_, index) => ({
  ...(auditEvents[0] as AuditEvent),
  id: 60 - index,
}));

describe('audit log', () => {
  it('lists events with actor names', async () => {
    const received = mockDashboardApi({ users: allUsers, roles: { profile: utc } });
    renderSignedIn(adminUser, '/admin/audit');

    const table = await findEvents();
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.textContent);

    expect(rows[0]).toBe(
      `34 Dec 2026, 10:03 UTCDemo Patient${auditEvents[0]?.actor}phoenix_ownerpublic.upload_batchesUPDATE703`,
    );
    expect(rows[2]).toBe(
      '14 Dec 2026, 10:01 UTCpostgresphoenix_ownerpublic.upload_batchesINSERT701',
    );
    expect(screen.getByText('Showing 3 events, the oldest included.')).toBeTruthy();
    expect(received.find((entry) => entry.path === '/api/v1/admin/audit')?.query.get('limit')).toBe(
      '50',
    );
  });

  it('sends the filters', async () => {
    const received = mockDashboardApi({ users: allUsers, roles: { profile: utc } });
    const user = userEvent.setup();
    renderSignedIn(adminUser, '/admin/audit');
    await findEvents();

    await user.type(screen.getByRole('textbox', { name: 'Table' }), 'public.users');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Operation' }), 'UPDATE');
    await user.type(screen.getByLabelText('From date'), '2026-12-01');
    await user.type(screen.getByLabelText('To date (inclusive)'), '2026-12-04');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await findEvents();

    const last = received.filter((entry) => entry.path === '/api/v1/admin/audit').at(-1);
    expect(Object.fromEntries(last?.query ?? [])).toEqual({
      table: 'public.users',
      operation: 'UPDATE',
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-05T00:00:00.000Z',
      limit: '50',
    });
  });

  it('rejects an end before the start', async () => {
    mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(adminUser, '/admin/audit');
    await findEvents();

    await user.type(screen.getByLabelText('From date'), '2026-12-04');
    await user.type(screen.getByLabelText('To date (inclusive)'), '2026-12-01');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));

    expect(screen.getByRole('alert').textContent).toBe(
      'The end date must be on or after the start date.',
    );
  });

  it('loads older events', async () => {
    const received = mockDashboardApi({ users: allUsers, roles: { auditEvents: manyEvents } });
    const user = userEvent.setup();
    renderSignedIn(adminUser, '/admin/audit');
    const table = await findEvents();
    expect(within(table).getAllByRole('row')).toHaveLength(51);

    await user.click(screen.getByRole('button', { name: 'Load older events' }));

    expect(await screen.findByText('Showing 60 events, the oldest included.')).toBeTruthy();
    expect(within(table).getAllByRole('row')).toHaveLength(61);
    const last = received.filter((entry) => entry.path === '/api/v1/admin/audit').at(-1);
    expect(last?.query.get('beforeId')).toBe('11');
    expect(screen.queryByRole('button', { name: 'Load older events' })).toBeNull();
  });

  it('verifies an intact chain', async () => {
    mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(adminUser, '/admin/audit');
    await findEvents();

    await user.click(screen.getByRole('button', { name: 'Verify the audit chain' }));

    expect(await screen.findByText('The audit chain is intact: 3 events checked.')).toBeTruthy();
  });

  it('reports a broken chain', async () => {
    mockDashboardApi({
      users: allUsers,
      roles: { verification: { ok: false, checked: 7, firstBrokenId: 5, reason: 'hash mismatch' } },
    });
    const user = userEvent.setup();
    renderSignedIn(adminUser, '/admin/audit');
    await findEvents();

    await user.click(screen.getByRole('button', { name: 'Verify the audit chain' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'The audit chain is broken at event 5.hash mismatch 7 events checked.',
    );
  });

  it('shows the empty state', async () => {
    mockDashboardApi({ users: allUsers, roles: { auditEvents: [] } });
    renderSignedIn(adminUser, '/admin/audit');

    expect(await screen.findByText('No audit events match these filters.')).toBeTruthy();
  });

  it('shows the loading state', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(neverAnswer('get', '/api/v1/admin/audit'));
    renderSignedIn(adminUser, '/admin/audit');

    expect(await screen.findByText('Loading audit events…')).toBeTruthy();
  });

  it('shows the error with request ID', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(
      http.get('/api/v1/admin/audit', () =>
        apiErrorResponse(403, 'FORBIDDEN', 'only admins may read the audit trail', 'req-au-1'),
      ),
    );
    renderSignedIn(adminUser, '/admin/audit');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The audit events could not be loaded.');
    expect(alert.textContent).toContain('req-au-1');
  });
});
