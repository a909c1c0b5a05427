import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { mockDashboardApi } from '../test/dashboard-api.ts';
import { demoPatient } from '../test/fixtures.ts';
import { server } from '../test/msw-server.ts';
import { renderSignedIn } from '../test/render-signed-in.tsx';
import { apiErrorResponse, neverAnswer } from '../test/role-api.ts';
import { adminUser, allUsers, engineerUser, engineeringOverview } from '../test/role-fixtures.ts';

const utc = { profile: { timezone: 'UTC' } };

describe('operations page', () => {
  it('shows uploads per hour as a table', async () => {
    const received = mockDashboardApi({ users: allUsers, roles: utc });
    const user = userEvent.setup();
    renderSignedIn(engineerUser);

    await user.click(await screen.findByText('Show uploads per hour as a table'));

    const table = screen.getByRole('table', { name: 'Records uploaded per hour, UTC time' });
    expect(within(table).getAllByRole('row')[1]?.textContent).toBe(
      '4 Dec 2026, 09:00 UTC24,0033,990103',
    );
    const request = received.find((entry) => entry.path === '/api/v1/engineering/overview');
    const from = Date.parse(request?.query.get('from') ?? '');
    const to = Date.parse(request?.query.get('to') ?? '');
    expect(to - from).toBe(7 * 86_400_000);
    expect(screen.getByRole('img', { name: 'Records uploaded per hour, UTC time' })).toBeTruthy();
  });

  it('lists rejections and devices by patient ID', async () => {
    mockDashboardApi({ users: allUsers, roles: utc });
    renderSignedIn(engineerUser);

    const rejections = await screen.findByRole('region', { name: 'Rejected records by reason' });
    expect(within(rejections).getAllByRole('row')[1]?.textContent).toBe(
      'valueMgDlglucose above 1000 mg/dL3',
    );
    const devices = screen.getByRole('region', { name: 'Devices' });
    const row = within(devices).getAllByRole('row')[1];
    expect(row?.textContent).toContain(demoPatient.id);
    expect(row?.textContent).not.toContain('Demo Patient');
    expect(row?.textContent).toContain('17 Mar 2019, 10:00 UTC');
  });

  it('shows the staging backlog and jobs', async () => {
    mockDashboardApi({ users: allUsers, roles: utc });
    renderSignedIn(engineerUser);

    const storage = await screen.findByRole('region', { name: 'Storage' });
    await within(storage).findByText('Staging backlog');

    expect(storage.textContent).toContain(
      'the staging backlog holds 850000 of at most 1000000 records',
    );
    expect(storage.textContent).toContain('12 batches, 850,000 records of at most 1,000,000');
    expect(storage.textContent).toContain('Degraded (database up)');
    const jobs = within(storage).getByRole('table', { name: 'Background jobs' });
    expect(within(jobs).getAllByRole('row')[1]?.textContent).toBe(
      'merge12004 Dec 2026, 11:59 UTC1,200 msNone',
    );
  });

  it('requests the chosen period', async () => {
    const received = mockDashboardApi({ users: allUsers, roles: utc });
    const user = userEvent.setup();
    renderSignedIn(engineerUser);
    await screen.findByRole('region', { name: 'Rejected records by reason' });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Period' }), 'Last 24 hours');
    await screen.findByRole('region', { name: 'Rejected records by reason' });

    const last = received.filter((entry) => entry.path === '/api/v1/engineering/overview').at(-1);
    const span =
      Date.parse(last?.query.get('to') ?? '') - Date.parse(last?.query.get('from') ?? '');
    expect(span).toBe(86_400_000);
  });

  it('shows no devices to an admin', async () => {
    mockDashboardApi({
      users: allUsers,
      roles: { ...utc, overview: { ...engineeringOverview, devices: [] } },
    });
    renderSignedIn(adminUser, '/engineering');

    expect(await screen.findByRole('region', { name: 'Rejected records by reason' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Devices' })).toBeNull();
  });

  it('shows the empty state of rejections', async () => {
    mockDashboardApi({
      users: allUsers,
      roles: { ...utc, overview: { ...engineeringOverview, rejections: [], uploadsPerHour: [] } },
    });
    renderSignedIn(engineerUser);

    expect(await screen.findByText('No records were rejected in this period.')).toBeTruthy();
  });

  it('shows the loading state', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(neverAnswer('get', '/api/v1/engineering/overview'));
    renderSignedIn(engineerUser);

    expect(await screen.findByText('Loading uploads…')).toBeTruthy();
  });

  it('shows errors with request IDs', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(
      http.get('/api/v1/engineering/overview', () =>
        apiErrorResponse(403, 'FORBIDDEN', 'only engineer and admin users may read', 'req-e-1'),
      ),
      http.get('/api/health', () =>
        apiErrorResponse(503, 'DATABASE_UNAVAILABLE', 'the database is unavailable', 'req-h-1'),
      ),
    );
    renderSignedIn(engineerUser);

    await screen.findByText(/req-h-1/);
    const alerts = screen.getAllByRole('alert').map((alert) => alert.textContent);
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toContain('req-e-1');
    expect(alerts[1]).toContain('The storage state could not be loaded.');
  });
});
