import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { mockDashboardApi } from '../test/dashboard-api.ts';
import { clinicianUser, demoPatient } from '../test/fixtures.ts';
import { server } from '../test/msw-server.ts';
import { renderSignedIn } from '../test/render-signed-in.tsx';
import { apiErrorResponse, neverAnswer } from '../test/role-api.ts';
import { allUsers } from '../test/role-fixtures.ts';

const DAILY_PATH = `/patients/${demoPatient.id}/daily`;

async function findTreatments() {
  return screen.findByRole('table', { name: 'Treatments and events' });
}

describe('daily view', () => {
  it('shows the local day of the last reading', async () => {
    const received = mockDashboardApi({ users: allUsers });
    renderSignedIn(clinicianUser, DAILY_PATH);

    await findTreatments();

    expect(screen.getByRole('heading', { level: 2, name: /17 Mar 2019/ })).toBeTruthy();
    // 17 March in Helsinki (UTC+2) is 16 March 22:00 to 17 March 22:00 UTC.
    const request = received.find((entry) => entry.path.endsWith('/daily'));
    expect(request?.query.get('from')).toBe('2019-03-16T22:00:00.000Z');
    expect(request?.query.get('to')).toBe('2019-03-17T22:00:00.000Z');
    expect(screen.getByRole('button', { name: 'Next day' })).toHaveProperty('disabled', true);
  });

  it('lists treatments in local time', async () => {
    mockDashboardApi({ users: allUsers });
    renderSignedIn(clinicianUser, DAILY_PATH);

    const table = await findTreatments();
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.textContent);

    expect(rows).toEqual([
      '00:30Bolus (Long-Acting)14 U',
      '06:00Basal0.85 U/h for 1 h 30 min (scheduled)',
      '07:08Carbs45 g',
      '07:10Bolus (Fast-Acting)6 U',
      '15:55Eventexercise (Light), 45 min',
    ]);
  });

  it('describes the glucose trace', async () => {
    mockDashboardApi({ users: allUsers });
    renderSignedIn(clinicianUser, DAILY_PATH);
    await findTreatments();

    const chart = screen.getByRole('img', { name: /Glucose in mg\/dL, carbs, boluses and basal/ });
    const description = document.getElementById(chart.getAttribute('aria-describedby') ?? '');

    expect(description?.textContent).toContain('2 readings from 110 to 118 mg/dL');
  });

  it('goes to the previous day', async () => {
    const received = mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(clinicianUser, DAILY_PATH);
    await findTreatments();

    await user.click(screen.getByRole('button', { name: 'Previous day' }));
    await findTreatments();

    expect(window.location.search).toBe('?date=2019-03-16');
    const last = received.filter((entry) => entry.path.endsWith('/daily')).at(-1);
    expect(last?.query.get('from')).toBe('2019-03-15T22:00:00.000Z');
    expect(screen.getByRole('button', { name: 'Next day' })).toHaveProperty('disabled', false);
  });

  it('opens the day in the address', async () => {
    const received = mockDashboardApi({ users: allUsers });
    renderSignedIn(clinicianUser, `${DAILY_PATH}?date=2019-03-31`);
    await findTreatments();

    // Clocks went forward on 31 March 2019 in Helsinki, so that day lasts 23 hours.
    const request = received.find((entry) => entry.path.endsWith('/daily'));
    expect(request?.query.get('from')).toBe('2019-03-30T22:00:00.000Z');
    expect(request?.query.get('to')).toBe('2019-03-31T21:00:00.000Z');
  });

  it('ignores an invalid day in the address', async () => {
    const received = mockDashboardApi({ users: allUsers });
    renderSignedIn(clinicianUser, `${DAILY_PATH}?date=2019-02-30`);
    await findTreatments();

    const request = received.find((entry) => entry.path.endsWith('/daily'));
    expect(request?.query.get('from')).toBe('2019-03-16T22:00:00.000Z');
  });

  it('shows the empty state', async () => {
    mockDashboardApi({
      users: allUsers,
      roles: {
        daily: (from, to) => ({ patientId: demoPatient.id, from, to, readings: [], records: [] }),
      },
    });
    renderSignedIn(clinicianUser, DAILY_PATH);

    expect(await screen.findByText('No data on this day.')).toBeTruthy();
  });

  it('shows the loading state', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(neverAnswer('get', '/api/v1/patients/:patientId/daily'));
    renderSignedIn(clinicianUser, DAILY_PATH);

    expect(await screen.findByText('Loading the day…')).toBeTruthy();
  });

  it('shows the error with request ID', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(
      http.get('/api/v1/patients/:patientId/daily', () =>
        apiErrorResponse(404, 'PATIENT_NOT_FOUND', 'patient not found', 'req-d-2'),
      ),
    );
    renderSignedIn(clinicianUser, DAILY_PATH);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The day could not be loaded.');
    expect(alert.textContent).toContain('req-d-2');
  });
});
