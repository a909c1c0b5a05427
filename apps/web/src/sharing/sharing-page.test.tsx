import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { mockDashboardApi } from '../test/dashboard-api.ts';
import { demoPatient, patientUser } from '../test/fixtures.ts';
import { server } from '../test/msw-server.ts';
import { renderSignedIn } from '../test/render-signed-in.tsx';
import { apiErrorResponse, neverAnswer } from '../test/role-api.ts';
import { allUsers, demoShares } from '../test/role-fixtures.ts';

describe('sharing page', () => {
  it('shows who has access', async () => {
    mockDashboardApi({
      users: allUsers,
      roles: {
        shares: [
          ...demoShares,
          {
            teamId: 'c0000000-0000-4000-8000-000000000002',
            teamName: 'Eye Clinic',
            grantedAt: '2019-01-01T10:00:00.000Z',
            revokedAt: '2019-02-01T10:00:00.000Z',
          },
        ],
      },
    });
    renderSignedIn(patientUser, '/sharing');

    const current = await screen.findByRole('list', { name: 'Care teams with access' });
    expect(
      within(current)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Demo Clinic since 1 Mar 2019Revoke access']);
    const past = screen.getByRole('list', { name: 'Revoked access' });
    expect(past.textContent).toBe('Eye Clinic: shared 1 Jan 2019, revoked 1 Feb 2019');
    // A team whose access was revoked can be invited again.
    const invite = screen.getByRole('combobox', { name: 'Care team' });
    expect(
      within(invite)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Eye Clinic']);
  });

  it('invites a care team', async () => {
    const received = mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(patientUser, '/sharing');
    await screen.findByRole('list', { name: 'Care teams with access' });
    server.use(
      http.get('/api/v1/patients/:patientId/shares', () =>
        HttpResponse.json([
          ...demoShares,
          {
            teamId: 'c0000000-0000-4000-8000-000000000002',
            teamName: 'Eye Clinic',
            grantedAt: '2026-12-04T12:00:00.000Z',
            revokedAt: null,
          },
        ]),
      ),
    );

    await user.click(screen.getByRole('button', { name: 'Share my data' }));

    expect(await screen.findByText('Eye Clinic can now see your data.')).toBeTruthy();
    const current = screen.getByRole('list', { name: 'Care teams with access' });
    expect(within(current).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.getByText('Every care team already has access.')).toBeTruthy();
    const put = received.find((entry) => entry.method === 'PUT');
    expect(put?.path).toBe(
      `/api/v1/patients/${demoPatient.id}/shares/c0000000-0000-4000-8000-000000000002`,
    );
  });

  it('revokes a care team', async () => {
    const received = mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(patientUser, '/sharing');
    const current = await screen.findByRole('list', { name: 'Care teams with access' });
    server.use(
      http.get('/api/v1/patients/:patientId/shares', () =>
        HttpResponse.json([{ ...demoShares[0], revokedAt: '2026-12-04T12:00:00.000Z' }]),
      ),
    );

    await user.click(within(current).getByRole('button', { name: 'Revoke access of Demo Clinic' }));
    await user.click(screen.getByRole('button', { name: 'Yes, revoke' }));

    expect(await screen.findByText('Demo Clinic no longer has access.')).toBeTruthy();
    expect(screen.getByText('No care team has access to your data.')).toBeTruthy();
    const deletion = received.find((entry) => entry.method === 'DELETE');
    expect(deletion?.path).toBe(
      `/api/v1/patients/${demoPatient.id}/shares/c0000000-0000-4000-8000-000000000001`,
    );
  });

  it('shows a failed change with its request ID', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(
      http.put('/api/v1/patients/:patientId/shares/:teamId', () =>
        apiErrorResponse(404, 'NOT_FOUND', 'care team not found', 'req-s-3'),
      ),
    );
    const user = userEvent.setup();
    renderSignedIn(patientUser, '/sharing');

    await user.click(await screen.findByRole('button', { name: 'Share my data' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Sharing could not be changed.');
    expect(alert.textContent).toContain('req-s-3');
  });

  it('shows the loading error with request ID', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(
      http.get('/api/v1/care-teams', () =>
        apiErrorResponse(503, 'DATABASE_UNAVAILABLE', 'the database is unavailable', 'req-s-4'),
      ),
    );
    renderSignedIn(patientUser, '/sharing');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Sharing could not be loaded.');
    expect(alert.textContent).toContain('req-s-4');
  });

  it('shows the loading state', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(neverAnswer('get', '/api/v1/care-teams'));
    renderSignedIn(patientUser, '/sharing');

    expect(await screen.findByText('Loading sharing…')).toBeTruthy();
  });
});
