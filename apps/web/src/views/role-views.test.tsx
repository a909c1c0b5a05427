import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { DevUser } from '../api/types.ts';
import { mockDashboardApi } from '../test/dashboard-api.ts';
import { clinicianUser, patientUser } from '../test/fixtures.ts';
import { renderSignedIn } from '../test/render-signed-in.tsx';
import { adminUser, allUsers, engineerUser } from '../test/role-fixtures.ts';

async function navigationLinks() {
  const navigation = await screen.findByRole('navigation', { name: 'Main' });
  return within(navigation)
    .getAllByRole('link')
    .map((link) => `${link.textContent} ${link.getAttribute('href')}`);
}

describe('role views', () => {
  it.each<[DevUser, string[], string]>([
    [
      patientUser,
      ['My glucose /', 'Devices and bridges /devices', 'Sharing /sharing', 'Settings /settings'],
      'Demo Patient',
    ],
    [clinicianUser, ['Patients /triage', 'Settings /settings'], 'Patients'],
    [engineerUser, ['Operations /engineering', 'Settings /settings'], 'Operations'],
    [
      adminUser,
      [
        'Users /admin/users',
        'Care teams /admin/care-teams',
        'Audit log /admin/audit',
        'Operations /engineering',
        'Settings /settings',
      ],
      'Users',
    ],
  ])('starts each role on its page (%#)', async (user, links, heading) => {
    mockDashboardApi({ users: allUsers });
    renderSignedIn(user);

    expect(await navigationLinks()).toEqual(links);
    expect(await screen.findByRole('heading', { level: 1, name: heading })).toBeTruthy();
  });

  it('marks the current page', async () => {
    mockDashboardApi({ users: allUsers });
    renderSignedIn(adminUser, '/admin/audit');

    const navigation = await screen.findByRole('navigation', { name: 'Main' });
    const current = within(navigation).getByRole('link', { current: 'page' });
    expect(current.textContent).toBe('Audit log');
  });

  it('moves between pages and back', async () => {
    mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(patientUser);
    const navigation = await screen.findByRole('navigation', { name: 'Main' });

    await user.click(within(navigation).getByRole('link', { name: 'Sharing' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sharing' })).toBeTruthy();
    expect(window.location.pathname).toBe('/sharing');

    window.history.back();
    expect(await screen.findByRole('heading', { level: 1, name: 'Demo Patient' })).toBeTruthy();
  });

  it('refuses a page of another role', async () => {
    const received = mockDashboardApi({ users: allUsers });
    renderSignedIn(patientUser, '/admin/users');

    expect(
      await screen.findByRole('heading', { name: 'This page is not available to your role' }),
    ).toBeTruthy();
    expect(received.some((entry) => entry.path.startsWith('/api/v1/admin'))).toBe(false);
  });

  it('reports an unknown page', async () => {
    mockDashboardApi({ users: allUsers });
    renderSignedIn(clinicianUser, '/nowhere');

    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to your start page' }).getAttribute('href')).toBe(
      '/',
    );
  });
});
