import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { mockDashboardApi } from '../test/dashboard-api.ts';
import { clinicianUser, demoPatient, secondPatient } from '../test/fixtures.ts';
import { server } from '../test/msw-server.ts';
import { renderSignedIn } from '../test/render-signed-in.tsx';
import { apiErrorResponse, neverAnswer } from '../test/role-api.ts';
import { allUsers } from '../test/role-fixtures.ts';

async function findTable() {
  return screen.findByRole('table', { name: /Patients of your care teams/ });
}

function rowNames(table: HTMLElement): string[] {
  return within(table)
    .getAllByRole('rowheader')
    .map((cell) => cell.textContent ?? '');
}

function rowOf(table: HTMLElement, name: string): HTMLElement {
  const header = within(table).getByRole('rowheader', { name });
  const row = header.closest('tr');
  if (row === null) throw new Error(`no row for ${name}`);
  return row;
}

describe('triage page', () => {
  it('lists the riskiest patient first', async () => {
    const received = mockDashboardApi({ users: allUsers });
    renderSignedIn(clinicianUser);

    const table = await findTable();

    expect(screen.getByRole('heading', { level: 1, name: 'Patients' })).toBeTruthy();
    expect(rowNames(table)).toEqual(['Second Patient', 'Demo Patient']);
    const gri = within(table).getByRole('columnheader', { name: 'GRI' });
    expect(gri.getAttribute('aria-sort')).toBe('descending');
    const request = received.find((entry) => entry.path === '/api/v1/triage');
    expect(request?.query.get('days')).toBe('14');
  });

  it('shows the metrics of a patient', async () => {
    mockDashboardApi({ users: allUsers });
    renderSignedIn(clinicianUser);

    const row = rowOf(await findTable(), 'Second Patient');
    const cells = within(row)
      .getAllByRole('cell')
      .map((cell) => cell.textContent);

    expect(cells.slice(0, 7)).toEqual([
      '61.3 zone D',
      '48.3%',
      '9.3%',
      '4.2%',
      '8.1%',
      '44.5%',
      '58.2%Insufficient',
    ]);
    const flags = within(row).getByRole('list', { name: 'Targets missed by Second Patient' });
    expect(
      within(flags)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'TIRTime in range 70–180 mg/dL',
      'TBR <70Time below 70 mg/dL',
      'TBR <54Time below 54 mg/dL',
      'CVCoefficient of variation',
    ]);
    expect(within(row).getByRole('link', { name: 'Second Patient' }).getAttribute('href')).toBe(
      `/patients/${secondPatient.id}/report`,
    );
  });

  it('uses the saved unit in headers and flags', async () => {
    mockDashboardApi({ users: allUsers, roles: { profile: { glucoseUnit: 'mmol/L' } } });
    renderSignedIn(clinicianUser);

    const table = await findTable();

    expect(within(table).getByRole('columnheader', { name: 'TIR 3.9–10.0' })).toBeTruthy();
    const flags = within(table).getByRole('list', { name: 'Targets missed by Second Patient' });
    expect(within(flags).getByText('TBR <3.9')).toBeTruthy();
    expect(within(flags).getByText('Time below 3.9 mmol/L')).toBeTruthy();
  });

  it('sorts by a column and reverses', async () => {
    mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(clinicianUser);
    const table = await findTable();

    await user.click(within(table).getByRole('button', { name: 'Patient' }));
    expect(rowNames(table)).toEqual(['Demo Patient', 'Second Patient']);

    await user.click(within(table).getByRole('button', { name: 'Patient' }));
    expect(rowNames(table)).toEqual(['Second Patient', 'Demo Patient']);
    expect(
      within(table).getByRole('columnheader', { name: 'Patient' }).getAttribute('aria-sort'),
    ).toBe('descending');
  });

  it('filters by name and review state', async () => {
    mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(clinicianUser);
    const table = await findTable();

    await user.type(screen.getByRole('searchbox', { name: 'Find patient' }), 'demo');
    expect(rowNames(table)).toEqual(['Demo Patient']);
    expect(screen.getByText('Showing 1 of 2 patients.')).toBeTruthy();

    await user.clear(screen.getByRole('searchbox', { name: 'Find patient' }));
    await user.click(
      screen.getByRole('checkbox', { name: 'Only patients not reviewed since their last reading' }),
    );
    expect(rowNames(table)).toEqual(['Second Patient']);
  });

  it('marks a patient reviewed', async () => {
    const received = mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(clinicianUser);
    const row = rowOf(await findTable(), 'Second Patient');

    await user.click(within(row).getByRole('button', { name: 'Mark Second Patient reviewed' }));

    expect(await within(row).findByText('Reviewed 4 Dec 2026')).toBeTruthy();
    expect(within(row).queryByRole('button', { name: /Mark/ })).toBeNull();
    const post = received.find((entry) => entry.method === 'POST');
    expect(post?.path).toBe(`/api/v1/patients/${secondPatient.id}/reviews`);
  });

  it('shows a failed review with its request ID', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(
      http.post('/api/v1/patients/:patientId/reviews', () =>
        apiErrorResponse(404, 'PATIENT_NOT_FOUND', 'patient not found', 'req-review-1'),
      ),
    );
    const user = userEvent.setup();
    renderSignedIn(clinicianUser);
    const row = rowOf(await findTable(), 'Second Patient');

    await user.click(within(row).getByRole('button', { name: 'Mark Second Patient reviewed' }));

    const alert = await within(row).findByRole('alert');
    expect(alert.textContent).toContain('The review could not be saved.');
    expect(alert.textContent).toContain('req-review-1');
  });

  it('shows the empty state', async () => {
    mockDashboardApi({ users: allUsers, roles: { triage: [] } });
    renderSignedIn(clinicianUser);

    expect(
      await screen.findByText('No patients share their data with your care teams yet.'),
    ).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows the loading state', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(neverAnswer('get', '/api/v1/triage'));
    renderSignedIn(clinicianUser);

    expect(await screen.findByText('Loading patients…')).toBeTruthy();
  });

  it('shows the error with request ID', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(
      http.get('/api/v1/triage', () =>
        apiErrorResponse(503, 'DATABASE_UNAVAILABLE', 'the database is unavailable', 'req-t-9'),
      ),
    );
    renderSignedIn(clinicianUser);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The patient list could not be loaded.');
    expect(alert.textContent).toContain('DATABASE_UNAVAILABLE');
    expect(alert.textContent).toContain('req-t-9');
  });

  it('opens the report from the list', async () => {
    mockDashboardApi({ users: allUsers, patients: [demoPatient, secondPatient] });
    const user = userEvent.setup();
    renderSignedIn(clinicianUser);
    const table = await findTable();

    await user.click(within(table).getByRole('link', { name: 'Demo Patient' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Demo Patient' })).toBeTruthy();
    expect(window.location.pathname).toBe(`/patients/${demoPatient.id}/report`);
    expect(await screen.findByRole('article', { name: 'AGP report of Demo Patient' })).toBeTruthy();
  });
});
