import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { mockDashboardApi } from '../test/dashboard-api.ts';
import { clinicianUser } from '../test/fixtures.ts';
import { server } from '../test/msw-server.ts';
import { renderSignedIn } from '../test/render-signed-in.tsx';
import { apiErrorResponse, neverAnswer } from '../test/role-api.ts';
import { adminUser, allUsers, engineerUser } from '../test/role-fixtures.ts';

const TEAM_ID = 'c0000000-0000-4000-8000-000000000001';

async function findTeam(name: string) {
  return screen.findByRole('region', { name });
}

describe('care teams page', () => {
  it('lists members by name', async () => {
    mockDashboardApi({ users: allUsers });
    renderSignedIn(adminUser, '/admin/care-teams');

    const team = await findTeam('Demo Clinic');
    const members = within(team).getByRole('list', { name: 'Members of Demo Clinic' });

    expect(members.textContent).toContain('Demo Clinician (clinician)');
    const options = within(team)
      .getAllByRole('option')
      .map((option) => option.textContent);
    expect(options).toEqual([
      'Demo Patient (patient)',
      'Demo Engineer (engineer)',
      'Demo Admin (admin)',
    ]);
  });

  it('adds and removes a member', async () => {
    const received = mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(adminUser, '/admin/care-teams');
    const team = await findTeam('Demo Clinic');

    await user.selectOptions(
      within(team).getByRole('combobox', { name: 'User' }),
      'Demo Engineer (engineer)',
    );
    await user.click(within(team).getByRole('button', { name: 'Add member' }));
    expect(await screen.findByText('Demo Engineer was added to Demo Clinic.')).toBeTruthy();

    await user.click(
      within(team).getByRole('button', { name: 'Remove Demo Clinician from Demo Clinic' }),
    );
    expect(await screen.findByText('Demo Clinician was removed from Demo Clinic.')).toBeTruthy();

    const members = within(team).getByRole('list', { name: 'Members of Demo Clinic' });
    expect(members.textContent).toBe('Demo Engineer (engineer)Remove');
    const changes = received
      .filter((entry) => entry.method === 'PUT' || entry.method === 'DELETE')
      .map((entry) => `${entry.method} ${entry.path}`);
    expect(changes).toEqual([
      `PUT /api/v1/admin/care-teams/${TEAM_ID}/members/${engineerUser.id}`,
      `DELETE /api/v1/admin/care-teams/${TEAM_ID}/members/${clinicianUser.id}`,
    ]);
  });

  it('creates a care team', async () => {
    const received = mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(adminUser, '/admin/care-teams');
    await findTeam('Demo Clinic');

    await user.type(screen.getByRole('textbox', { name: 'Care team name' }), 'Night Clinic');
    await user.click(screen.getByRole('button', { name: 'Create care team' }));

    const team = await findTeam('Night Clinic');
    expect(within(team).getByText('No members yet.')).toBeTruthy();
    expect(received.find((entry) => entry.method === 'POST')?.body).toEqual({
      name: 'Night Clinic',
    });
  });

  it('shows the empty state', async () => {
    mockDashboardApi({ users: allUsers, roles: { careTeams: [] } });
    renderSignedIn(adminUser, '/admin/care-teams');

    expect(await screen.findByText('There are no care teams.')).toBeTruthy();
  });

  it('shows the loading state', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(neverAnswer('get', '/api/v1/admin/care-teams'));
    renderSignedIn(adminUser, '/admin/care-teams');

    expect(await screen.findByText('Loading care teams…')).toBeTruthy();
  });

  it('shows a failed change with its request ID', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(
      http.put('/api/v1/admin/care-teams/:teamId/members/:userId', () =>
        apiErrorResponse(404, 'NOT_FOUND', 'care team or user not found', 'req-m-2'),
      ),
    );
    const user = userEvent.setup();
    renderSignedIn(adminUser, '/admin/care-teams');
    const team = await findTeam('Demo Clinic');

    await user.click(within(team).getByRole('button', { name: 'Add member' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('care team or user not found');
    expect(alert.textContent).toContain('req-m-2');
  });
});
