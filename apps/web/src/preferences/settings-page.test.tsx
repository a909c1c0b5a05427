import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { mockDashboardApi } from '../test/dashboard-api.ts';
import { clinicianUser } from '../test/fixtures.ts';
import { server } from '../test/msw-server.ts';
import { renderSignedIn } from '../test/render-signed-in.tsx';
import { apiErrorResponse, neverAnswer } from '../test/role-api.ts';
import { allUsers } from '../test/role-fixtures.ts';

describe('settings page', () => {
  it('saves the unit and time zone', async () => {
    const received = mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(clinicianUser, '/settings');

    await user.click(await screen.findByRole('radio', { name: 'mmol/L' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Time zone' }), 'Asia/Tokyo');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(await screen.findByText('Settings saved.')).toBeTruthy();
    const patch = received.find((entry) => entry.method === 'PATCH');
    expect(patch?.body).toEqual({ glucoseUnit: 'mmol/L', timezone: 'Asia/Tokyo' });
  });

  it('starts from the saved preferences', async () => {
    mockDashboardApi({
      users: allUsers,
      roles: { profile: { glucoseUnit: 'mmol/L', timezone: 'America/New_York' } },
    });
    renderSignedIn(clinicianUser, '/settings');

    expect(await screen.findByRole('radio', { name: 'mmol/L' })).toHaveProperty('checked', true);
    expect(screen.getByRole('combobox', { name: 'Time zone' })).toHaveProperty(
      'value',
      'America/New_York',
    );
  });

  it('goes back to patient time zones', async () => {
    const received = mockDashboardApi({ users: allUsers, roles: { profile: { timezone: 'UTC' } } });
    const user = userEvent.setup();
    renderSignedIn(clinicianUser, '/settings');

    await user.selectOptions(
      await screen.findByRole('combobox', { name: 'Time zone' }),
      screen.getByRole('option', { name: /Each patient's own time zone/ }),
    );
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Settings saved.');

    expect(received.find((entry) => entry.method === 'PATCH')?.body).toEqual({
      glucoseUnit: 'mg/dL',
      timezone: null,
    });
  });

  it('shows a failed save with its request ID', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(
      http.patch('/api/v1/me', () =>
        apiErrorResponse(400, 'VALIDATION_FAILED', 'unknown time zone', 'req-p-1'),
      ),
    );
    const user = userEvent.setup();
    renderSignedIn(clinicianUser, '/settings');

    await user.click(await screen.findByRole('radio', { name: 'mmol/L' }));
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    const alerts = await screen.findAllByRole('alert');
    expect(alerts.map((alert) => alert.textContent).join(' ')).toContain('req-p-1');
    expect(screen.queryByText('Settings saved.')).toBeNull();
  });

  it('shows the preferences loading state', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(neverAnswer('get', '/api/v1/me'));
    renderSignedIn(clinicianUser, '/settings');

    expect(await screen.findByText('Loading your preferences…')).toBeTruthy();
  });

  it('shows the preferences error with request ID', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(
      http.get('/api/v1/me', () =>
        apiErrorResponse(404, 'NOT_FOUND', 'no user row for this caller', 'req-p-2'),
      ),
    );
    renderSignedIn(clinicianUser, '/settings');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your preferences could not be loaded.');
    expect(alert.textContent).toContain('req-p-2');
  });
});
