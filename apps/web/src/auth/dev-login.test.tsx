import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { App } from '../app.tsx';
import { developmentAuthConfig, mockDashboardApi } from '../test/dashboard-api.ts';
import { clinicianUser, patientUser } from '../test/fixtures.ts';
import { server } from '../test/msw-server.ts';
import { DEV_USER_STORAGE_KEY } from './dev-session.ts';

describe('development login', () => {
  it('lists the development users', async () => {
    mockDashboardApi();
    render(<App />);

    const section = await screen.findByRole('region', { name: 'Development login' });
    const buttons = await within(section).findAllByRole('button');

    expect(buttons.map((button) => button.textContent)).toEqual([
      'Sign in as Demo Patient (patient)',
      'Sign in as Demo Clinician (clinician)',
    ]);
  });

  it('signs in for this tab only', async () => {
    const received = mockDashboardApi();
    const user = userEvent.setup();
    render(<App />);

    await user.click(await screen.findByRole('button', { name: /Demo Clinician/ }));

    expect(sessionStorage.getItem(DEV_USER_STORAGE_KEY)).toBe(clinicianUser.id);
    expect(localStorage.getItem(DEV_USER_STORAGE_KEY)).toBeNull();
    const banner = screen.getByRole('banner');
    expect(
      await within(banner).findByText(/Signed in as Demo Clinician \(clinician\)/),
    ).toBeTruthy();
    await screen.findByRole('heading', { level: 1, name: 'Patients' });
    const patientRequest = received.find((request) => request.path === '/api/v1/me');
    expect(patientRequest?.devUser).toBe(clinicianUser.id);
  });

  it('signs out and forgets the user', async () => {
    mockDashboardApi();
    sessionStorage.setItem(DEV_USER_STORAGE_KEY, patientUser.id);
    const user = userEvent.setup();
    render(<App />);

    await user.click(screen.getByRole('button', { name: 'Sign out' }));

    expect(sessionStorage.getItem(DEV_USER_STORAGE_KEY)).toBeNull();
    expect(await screen.findByRole('heading', { name: 'Development login' })).toBeTruthy();
  });

  it('shows an error when users fail to load', async () => {
    server.use(
      http.get('/api/v1/auth/config', () => HttpResponse.json(developmentAuthConfig)),
      http.get('/api/v1/dev/users', () =>
        HttpResponse.json(
          {
            error: {
              code: 'DEV_LOGIN_DISABLED',
              message: 'The development login is turned off.',
              requestId: 'req-login-1',
            },
          },
          { status: 404 },
        ),
      ),
    );
    render(<App />);

    const alert = await screen.findByRole('alert');

    expect(alert.textContent).toContain('The development login is turned off.');
    expect(alert.textContent).toContain('req-login-1');
  });
});
