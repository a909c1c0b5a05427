import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { App } from '../app.tsx';
import { DEV_USER_STORAGE_KEY } from '../auth/dev-session.ts';
import { mockDashboardApi } from '../test/dashboard-api.ts';
import { renderSignedIn } from '../test/render-signed-in.tsx';
import {
  clinicianUser,
  demoPatient,
  demoStatistics,
  patientUser,
  secondPatient,
} from '../test/fixtures.ts';

function signInAs(userId: string) {
  sessionStorage.setItem(DEV_USER_STORAGE_KEY, userId);
  render(<App />);
}

async function findStatistics() {
  return screen.findByRole('region', { name: 'Statistics' });
}

function definition(container: HTMLElement, term: string): string | null {
  const termElement = within(container).getByText(term, { selector: 'dt' });
  return termElement.nextElementSibling?.textContent ?? null;
}

describe('patient page', () => {
  it('shows the statistics of the last 14 days', async () => {
    const received = mockDashboardApi();
    signInAs(patientUser.id);

    const statistics = await findStatistics();

    expect(definition(statistics, 'Mean glucose')).toBe('154 mg/dL');
    expect(definition(statistics, 'Glucose management indicator (GMI)')).toBe('7.0% (53 mmol/mol)');
    expect(definition(statistics, 'Coefficient of variation (CV)')).toBe('33.9%');
    expect(definition(statistics, 'Standard deviation (SD)')).toBe('52 mg/dL');
    expect(definition(statistics, 'Readings')).toBe('3,890 (Low: 2, High: 1)');
    expect(definition(statistics, 'Days with data')).toBe('14 of 14 days');
    expect(definition(statistics, 'Expected readings present')).toBe('96.5%');

    // The period ends 1 ms after the last reading (09:55 UTC) and starts 14 days earlier.
    const readingsRequest = received.find((request) => request.path.endsWith('/readings'));
    expect(readingsRequest?.query.get('from')).toBe('2019-03-03T09:55:00.001Z');
    expect(readingsRequest?.query.get('to')).toBe('2019-03-17T09:55:00.001Z');
    expect(readingsRequest?.devUser).toBe(patientUser.id);
  });

  it('shows time in ranges with percentages', async () => {
    mockDashboardApi();
    signInAs(patientUser.id);

    const statistics = await findStatistics();
    const list = within(statistics).getByRole('list', { name: 'Time in ranges' });
    const items = within(list)
      .getAllByRole('listitem')
      .map((item) => item.textContent);

    // Time per day: 68.4% of 1,440 min = 984.96 min, shown as 16 h 25 min.
    expect(items).toEqual([
      'Very high (above 250 mg/dL): 6.5%, 1 h 34 min per day',
      'High (181–250 mg/dL): 21.7%, 5 h 12 min per day',
      'Target (70–180 mg/dL): 68.4%, 16 h 25 min per day',
      'Low (54–69 mg/dL): 2.6%, 37 min per day',
      'Very low (below 54 mg/dL): 0.8%, 12 min per day',
    ]);
    expect(within(statistics).queryByRole('alert')).toBeNull();
  });

  it('switches to mmol/L', async () => {
    const received = mockDashboardApi();
    const user = userEvent.setup();
    signInAs(patientUser.id);
    const statistics = await findStatistics();

    await user.click(screen.getByRole('radio', { name: 'mmol/L' }));

    // 154.4 / 18.01559 = 8.570; 52.36 / 18.01559 = 2.906.
    expect(definition(statistics, 'Mean glucose')).toBe('8.6 mmol/L');
    expect(definition(statistics, 'Standard deviation (SD)')).toBe('2.9 mmol/L');
    const list = within(statistics).getByRole('list', { name: 'Time in ranges' });
    const items = within(list)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(items).toContain('Target (3.9–10.0 mmol/L): 68.4%, 16 h 25 min per day');
    // The choice is saved to the user's profile.
    const saved = received.find((request) => request.method === 'PATCH');
    expect(saved?.path).toBe('/api/v1/me');
    expect(saved?.body).toEqual({ glucoseUnit: 'mmol/L' });
  });

  it('starts in the saved unit', async () => {
    mockDashboardApi({ roles: { profile: { glucoseUnit: 'mmol/L' } } });
    signInAs(patientUser.id);

    const statistics = await findStatistics();

    expect(definition(statistics, 'Mean glucose')).toBe('8.6 mmol/L');
    expect(screen.getByRole('radio', { name: 'mmol/L' })).toHaveProperty('checked', true);
  });

  it('shows the empty state', async () => {
    mockDashboardApi({ readings: [] });
    signInAs(patientUser.id);

    expect(await screen.findByText('No readings in this range.')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Statistics' })).toBeNull();
  });

  it('shows the error with request ID', async () => {
    mockDashboardApi({
      readingsFailure: {
        status: 403,
        body: {
          error: {
            code: 'PATIENT_ACCESS_DENIED',
            message: 'You may not see this patient.',
            requestId: 'req-7f3a',
          },
        },
      },
    });
    signInAs(patientUser.id);

    const alert = await screen.findByRole('alert');

    expect(within(alert).getByText('The readings could not be loaded.')).toBeTruthy();
    expect(within(alert).getByText('You may not see this patient.')).toBeTruthy();
    expect(within(alert).getByText('req-7f3a')).toBeTruthy();
    expect(within(alert).getByText('PATIENT_ACCESS_DENIED')).toBeTruthy();
  });

  it('warns about insufficient data', async () => {
    mockDashboardApi({
      statistics: {
        ...demoStatistics,
        sufficiency: {
          periodDays: 7,
          daysWithData: 6,
          expectedReadings: 2016,
          presentPercent: 64.2,
          sufficient: false,
        },
      },
    });
    signInAs(patientUser.id);

    const statistics = await findStatistics();
    const alert = within(statistics).getByRole('alert');

    expect(alert.textContent).toContain('less than 14 days or less than 70% of readings');
    expect(alert.textContent).toContain('7 days with 64.2% of the expected readings present');
  });

  it('lists out-of-range readings in the legend', async () => {
    mockDashboardApi();
    signInAs(patientUser.id);

    const legend = await screen.findByRole('list', { name: 'Chart legend' });
    const items = within(legend)
      .getAllByRole('listitem')
      .map((item) => item.textContent);

    expect(items).toContain('Low (below 40 mg/dL)');
    expect(items).toContain('High (above 400 mg/dL)');
  });

  it('describes the chart in text', async () => {
    mockDashboardApi();
    signInAs(patientUser.id);

    const chart = await screen.findByRole('img', { name: /CGM glucose trace in mg\/dL/ });
    const descriptionId = chart.getAttribute('aria-describedby') ?? '';
    const description = document.getElementById(descriptionId)?.textContent ?? '';

    expect(description).toContain('2 readings from 120 to 130 mg/dL');
    expect(description).toContain('1 Low and 1 High outside the sensor range');
  });
});

describe('range chooser', () => {
  it('requests the chosen preset', async () => {
    const received = mockDashboardApi();
    const user = userEvent.setup();
    signInAs(patientUser.id);
    await findStatistics();

    await user.click(screen.getByRole('radio', { name: 'Last 3 days' }));
    await findStatistics();

    const last = received.filter((request) => request.path.endsWith('/statistics')).at(-1);
    expect(last?.query.get('from')).toBe('2019-03-14T09:55:00.001Z');
    expect(last?.query.get('to')).toBe('2019-03-17T09:55:00.001Z');
  });

  it('requests whole local days for custom dates', async () => {
    const received = mockDashboardApi();
    const user = userEvent.setup();
    signInAs(patientUser.id);
    await findStatistics();

    await user.click(screen.getByRole('radio', { name: 'Custom dates' }));
    const start = screen.getByLabelText('Start date');
    const end = screen.getByLabelText('End date (inclusive)');
    await user.clear(start);
    await user.type(start, '2019-03-10');
    await user.clear(end);
    await user.type(end, '2019-03-11');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    await findStatistics();

    // Helsinki is UTC+2 in March: 10 March 00:00 local is 9 March 22:00 UTC.
    const last = received.filter((request) => request.path.endsWith('/readings')).at(-1);
    expect(last?.query.get('from')).toBe('2019-03-09T22:00:00.000Z');
    expect(last?.query.get('to')).toBe('2019-03-11T22:00:00.000Z');
  });

  it('rejects an end before the start', async () => {
    mockDashboardApi();
    const user = userEvent.setup();
    signInAs(patientUser.id);
    await findStatistics();

    await user.click(screen.getByRole('radio', { name: 'Custom dates' }));
    const end = screen.getByLabelText('End date (inclusive)');
    await user.clear(end);
    await user.type(end, '2019-01-01');
    await user.click(screen.getByRole('button', { name: 'Apply' }));

    expect(screen.getByRole('alert').textContent).toBe(
      'The end date must be on or after the start date.',
    );
  });
});

describe('glucose trace tab', () => {
  it('shows the chosen patient to a clinician', async () => {
    const received = mockDashboardApi({ patients: [demoPatient, secondPatient] });
    renderSignedIn(clinicianUser, `/patients/${secondPatient.id}/trace`);

    expect(await screen.findByRole('heading', { level: 1, name: 'Second Patient' })).toBeTruthy();
    await findStatistics();
    const last = received.filter((request) => request.path.endsWith('/readings')).at(-1);
    expect(last?.path).toBe(`/api/v1/patients/${secondPatient.id}/readings`);
    expect(last?.query.get('to')).toBe('2019-05-20T12:00:00.001Z');
  });

  it("shows times in the user's time zone", async () => {
    const received = mockDashboardApi({ roles: { profile: { timezone: 'UTC' } } });
    const user = userEvent.setup();
    signInAs(patientUser.id);
    await findStatistics();

    await user.click(screen.getByRole('radio', { name: 'Custom dates' }));
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    await findStatistics();

    // In UTC the last reading (09:55 UTC on 17 March) falls on 17 March, so the custom range
    // of 3 to 17 March starts at midnight UTC, not at Helsinki midnight (22:00 UTC).
    const last = received.filter((request) => request.path.endsWith('/readings')).at(-1);
    expect(last?.query.get('from')).toBe('2019-03-03T00:00:00.000Z');
    expect(last?.query.get('to')).toBe('2019-03-18T00:00:00.000Z');
  });
});
