import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { mockDashboardApi } from '../test/dashboard-api.ts';
import { clinicianUser, demoPatient } from '../test/fixtures.ts';
import { renderSignedIn } from '../test/render-signed-in.tsx';
import { allUsers, engineerUser } from '../test/role-fixtures.ts';

const OTHER_PATIENT_ID = '9a1b2c3d-0000-4000-8000-0000000000ff';

describe('patient workspace', () => {
  it('refuses a patient outside the care teams', async () => {
    const received = mockDashboardApi({ users: allUsers });
    renderSignedIn(clinicianUser, `/patients/${OTHER_PATIENT_ID}/report`);

    const alert = await screen.findByRole('alert');

    expect(alert.textContent).toContain('Patient not found.');
    expect(alert.textContent).toContain('does not share their data with your care teams');
    expect(within(alert).getByRole('link', { name: 'Back to your patients' })).toBeTruthy();
    expect(received.some((entry) => entry.path.includes(OTHER_PATIENT_ID))).toBe(false);
  });

  it('shows a patient without readings', async () => {
    const received = mockDashboardApi({
      users: allUsers,
      patients: [{ ...demoPatient, firstReadingTime: null, lastReadingTime: null }],
    });
    renderSignedIn(clinicianUser, `/patients/${demoPatient.id}/daily`);

    expect(await screen.findByText('No readings are stored for this patient yet.')).toBeTruthy();
    expect(received.some((entry) => entry.path.endsWith('/daily'))).toBe(false);
  });

  it('switches between views', async () => {
    mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(clinicianUser, `/patients/${demoPatient.id}/report`);
    const tabs = await screen.findByRole('navigation', { name: 'Patient views' });
    expect(
      within(tabs).getByRole('link', { name: 'AGP report' }).getAttribute('aria-current'),
    ).toBe('page');

    await user.click(within(tabs).getByRole('link', { name: 'Compare periods' }));

    expect(window.location.pathname).toBe(`/patients/${demoPatient.id}/compare`);
    expect(await screen.findByRole('region', { name: /Period A/ })).toBeTruthy();
    expect(
      within(tabs).getByRole('link', { name: 'Compare periods' }).getAttribute('aria-current'),
    ).toBe('page');
  });

  it('is not offered to an engineer', async () => {
    const received = mockDashboardApi({ users: allUsers });
    renderSignedIn(engineerUser, `/patients/${demoPatient.id}/report`);

    expect(
      await screen.findByRole('heading', { name: 'This page is not available to your role' }),
    ).toBeTruthy();
    expect(received.some((entry) => entry.path.startsWith('/api/v1/patients'))).toBe(false);
  });
});
