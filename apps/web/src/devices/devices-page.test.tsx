import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { mockDashboardApi } from '../test/dashboard-api.ts';
import { demoPatient, patientUser } from '../test/fixtures.ts';
import { server } from '../test/msw-server.ts';
import { renderSignedIn } from '../test/render-signed-in.tsx';
import { apiErrorResponse, neverAnswer } from '../test/role-api.ts';
import { allUsers } from '../test/role-fixtures.ts';

async function findBridges() {
  return screen.findByRole('region', { name: 'Bridges' });
}

describe('devices and bridges page', () => {
  it('lists devices with their uploads', async () => {
    mockDashboardApi({ users: allUsers });
    renderSignedIn(patientUser, '/devices');

    const devices = await screen.findByRole('region', { name: 'Devices' });
    const row = await within(devices).findByRole('row', { name: /dexcom-g6:8AB12C/ });

    // Helsinki is UTC+2 in March.
    expect(row.textContent).toContain('1 Mar 2019, 12:00 EET');
    expect(row.textContent).toMatch(/days ago \(17 Mar 2019, 12:00 EET\)/);
  });

  it('lists bridges and revokes one', async () => {
    const received = mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(patientUser, '/devices');
    const bridges = await findBridges();
    const active = await within(bridges).findByRole('row', { name: /Kitchen phone/ });
    expect(active.textContent).toContain('Active');
    expect(within(bridges).getByRole('row', { name: /Old tablet/ }).textContent).toContain(
      'Revoked 1 Feb 2019',
    );

    await user.click(within(active).getByRole('button', { name: 'Revoke Kitchen phone' }));
    const confirm = within(active).getByRole('button', { name: 'Yes, revoke' });
    expect(document.activeElement).toBe(confirm);
    await user.click(confirm);

    expect(await within(bridges).findByText('Kitchen phone is revoked.')).toBeTruthy();
    expect(active.textContent).toContain('Revoked');
    const deletion = received.find((entry) => entry.method === 'DELETE');
    expect(deletion?.path).toBe(
      `/api/v1/patients/${demoPatient.id}/bridges/b0000000-0000-4000-8000-000000000001`,
    );
  });

  it('cancels a revocation', async () => {
    const received = mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(patientUser, '/devices');
    const active = await within(await findBridges()).findByRole('row', { name: /Kitchen phone/ });

    await user.click(within(active).getByRole('button', { name: 'Revoke Kitchen phone' }));
    await user.click(within(active).getByRole('button', { name: 'Cancel' }));

    expect(document.activeElement).toBe(
      within(active).getByRole('button', { name: 'Revoke Kitchen phone' }),
    );
    expect(received.some((entry) => entry.method === 'DELETE')).toBe(false);
  });

  it('creates a pairing code', async () => {
    const received = mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(patientUser, '/devices');

    await user.click(await screen.findByRole('button', { name: 'Create pairing code' }));

    const pairing = screen.getByRole('region', { name: 'Pair a bridge' });
    expect(await within(pairing).findByText('K7Q2M9XD')).toBeTruthy();
    // 12:15 UTC on 4 December is 14:15 in Helsinki (UTC+2).
    expect(pairing.textContent).toContain('Valid until 4 Dec 2026, 14:15 EET');
    expect(pairing.textContent).toContain('phoenix-bridge pair --code K7Q2M9XD --api');
    const post = received.find((entry) => entry.method === 'POST');
    expect(post?.path).toBe(`/api/v1/patients/${demoPatient.id}/pairing-codes`);
  });

  it('shows the empty states', async () => {
    mockDashboardApi({ users: allUsers, roles: { devices: [], bridges: [] } });
    renderSignedIn(patientUser, '/devices');

    expect(await screen.findByText('No device has uploaded data yet.')).toBeTruthy();
    expect(
      await screen.findByText('No bridge is paired yet. Create a pairing code below.'),
    ).toBeTruthy();
  });

  it('shows the loading state', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(neverAnswer('get', '/api/v1/patients/:patientId/bridges'));
    renderSignedIn(patientUser, '/devices');

    expect(await screen.findByText('Loading bridges…')).toBeTruthy();
  });

  it('shows the error with request ID', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(
      http.get('/api/v1/patients/:patientId/bridges', () =>
        apiErrorResponse(500, 'INTERNAL_ERROR', 'internal error', 'req-b-5'),
      ),
    );
    renderSignedIn(patientUser, '/devices');

    const alert = await within(await findBridges()).findByRole('alert');
    expect(alert.textContent).toContain('The bridges could not be loaded.');
    expect(alert.textContent).toContain('req-b-5');
    expect(await screen.findByRole('row', { name: /dexcom-g6/ })).toBeTruthy();
  });
});
