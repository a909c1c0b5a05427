import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { mockDashboardApi } from '../test/dashboard-api.ts';
import { clinicianUser } from '../test/fixtures.ts';
import { server } from '../test/msw-server.ts';
import { renderSignedIn } from '../test/render-signed-in.tsx';
import { apiErrorResponse, neverAnswer } from '../test/role-api.ts';
import { adminUser, allUsers } from '../test/role-fixtures.ts';

async function findUsersTable() {
  await screen.findByRole('columnheader', { name: 'User ID' });
  return screen.getByRole('table');
}

describe('users page', () => {
  it('lists users with their roles', async () => {
    mockDashboardApi({ users: allUsers });
    renderSignedIn(adminUser);

    const table = await findUsersTable();
    const names = within(table)
      .getAllByRole('rowheader')
      .map((cell) => cell.textContent);

    expect(names).toEqual(['Demo Patient', 'Demo Clinician', 'Demo Engineer', 'Demo Admin (you)']);
    expect(within(table).getByRole('combobox', { name: 'Role of Demo Admin' })).toHaveProperty(
      'disabled',
      true,
    );
  });

  it('creates a user', async () => {
    const received = mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(adminUser);
    const table = await findUsersTable();
    const form = screen.getByRole('form', { name: 'Create a user' });

    await user.type(within(form).getByRole('textbox', { name: 'Name' }), '  Nurse Joy ');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Role' }), 'clinician');
    await user.click(within(form).getByRole('button', { name: 'Create user' }));

    expect(await screen.findByText('Nurse Joy was created as clinician.')).toBeTruthy();
    expect(within(table).getByRole('rowheader', { name: 'Nurse Joy' })).toBeTruthy();
    const post = received.find((entry) => entry.method === 'POST');
    expect(post?.body).toEqual({ displayName: 'Nurse Joy', role: 'clinician' });
  });

  it('shows the initial password once', async () => {
    const received = mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(adminUser);
    const table = await findUsersTable();
    const form = screen.getByRole('form', { name: 'Create a user' });

    await user.type(within(form).getByRole('textbox', { name: 'Name' }), 'Nurse Trial');
    await user.type(within(form).getByRole('textbox', { name: 'User name' }), ' nurse.trial ');
    await user.click(within(form).getByRole('button', { name: 'Create user' }));

    expect(
      await screen.findByText(
        'Nurse Trial was created as patient. User name nurse.trial, initial password ' +
          'initial-pw-1 (shown once).',
      ),
    ).toBeTruthy();
    expect(within(table).getByRole('rowheader', { name: 'Nurse Trial' })).toBeTruthy();
    const post = received.find((entry) => entry.method === 'POST');
    expect(post?.body).toEqual({
      displayName: 'Nurse Trial',
      role: 'patient',
      username: 'nurse.trial',
    });
  });

  it('rejects an empty name', async () => {
    const received = mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(adminUser);
    await findUsersTable();

    await user.click(screen.getByRole('button', { name: 'Create user' }));

    expect(screen.getByRole('alert').textContent).toBe('Enter a name.');
    expect(received.some((entry) => entry.method === 'POST')).toBe(false);
  });

  it('changes a role', async () => {
    const received = mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(adminUser);
    const table = await findUsersTable();
    const save = within(table).getByRole('button', { name: 'Save role of Demo Clinician' });
    expect(save).toHaveProperty('disabled', true);

    await user.selectOptions(
      within(table).getByRole('combobox', { name: 'Role of Demo Clinician' }),
      'admin',
    );
    await user.click(save);

    expect(await screen.findByText('Demo Clinician is now admin.')).toBeTruthy();
    const patch = received.find((entry) => entry.method === 'PATCH');
    expect(patch?.path).toBe(`/api/v1/admin/users/${clinicianUser.id}`);
    expect(patch?.body).toEqual({ role: 'admin' });
    expect(save).toHaveProperty('disabled', true);
  });

  it('shows a failed change with its request ID', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(
      http.patch('/api/v1/admin/users/:userId', () =>
        apiErrorResponse(404, 'NOT_FOUND', 'user not found', 'req-a-7'),
      ),
    );
    const user = userEvent.setup();
    renderSignedIn(adminUser);
    const table = await findUsersTable();

    await user.selectOptions(
      within(table).getByRole('combobox', { name: 'Role of Demo Patient' }),
      'engineer',
    );
    await user.click(within(table).getByRole('button', { name: 'Save role of Demo Patient' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The change could not be saved.');
    expect(alert.textContent).toContain('req-a-7');
  });

  it('shows the empty state', async () => {
    mockDashboardApi({ users: allUsers, roles: { adminUsers: [] } });
    renderSignedIn(adminUser);

    expect(await screen.findByText('There are no users.')).toBeTruthy();
  });

  it('shows the loading state', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(neverAnswer('get', '/api/v1/admin/users'));
    renderSignedIn(adminUser);

    expect(await screen.findByText('Loading users…')).toBeTruthy();
  });

  it('shows the loading error with request ID', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(
      http.get('/api/v1/admin/users', () =>
        apiErrorResponse(403, 'FORBIDDEN', 'only admin users may manage users', 'req-a-1'),
      ),
    );
    renderSignedIn(adminUser);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The users could not be loaded.');
    expect(alert.textContent).toContain('req-a-1');
  });
});
