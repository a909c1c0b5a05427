import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { mockDashboardApi } from '../test/dashboard-api.ts';
import { clinicianUser, demoPatient, demoStatistics } from '../test/fixtures.ts';
import { server } from '../test/msw-server.ts';
import { renderSignedIn } from '../test/render-signed-in.tsx';
import { apiErrorResponse, neverAnswer } from '../test/role-api.ts';
import { allUsers, demoReport } from '../test/role-fixtures.ts';

const REPORT_PATH = `/patients/${demoPatient.id}/report`;

async function findReport() {
  return screen.findByRole('article', { name: 'AGP report of Demo Patient' });
}

function definition(container: HTMLElement, term: string): string | null {
  const termElement = within(container).getByText(term, { selector: 'dt' });
  return termElement.nextElementSibling?.textContent ?? null;
}

describe('AGP report', () => {
  it('requests 14 local days ending on the last reading', async () => {
    const received = mockDashboardApi({ users: allUsers });
    renderSignedIn(clinicianUser, REPORT_PATH);

    const report = await findReport();

    // The last reading is at 11:55 on 17 March in Helsinki (UTC+2): 4 to 17 March local.
    const request = received.find((entry) => entry.path.endsWith('/report'));
    expect(request?.query.get('from')).toBe('2019-03-03T22:00:00.000Z');
    expect(request?.query.get('to')).toBe('2019-03-17T22:00:00.000Z');
    expect(
      within(report).getByText(/4 Mar 2019 – 17 Mar 2019 \(14 days\)/, { selector: 'p' }),
    ).toBeTruthy();
  });

  it('shows the metrics with goals', async () => {
    mockDashboardApi({ users: allUsers });
    renderSignedIn(clinicianUser, REPORT_PATH);

    const section = await screen.findByRole('region', { name: 'Glucose statistics and targets' });

    expect(definition(section, '% time CGM active')).toBe('95.2%');
    expect(definition(section, 'Average glucose')).toBe('154 mg/dLGoal < 154 mg/dL');
    expect(definition(section, 'Glucose management indicator (GMI)')).toBe(
      '7.0% (53 mmol/mol)Goal < 7%',
    );
    expect(definition(section, 'Glucose variability (CV)')).toBe('33.9%Goal ≤ 36% · met');
    expect(within(section).queryByRole('alert')).toBeNull();
  });

  it('shows time in ranges with goals', async () => {
    mockDashboardApi({ users: allUsers });
    renderSignedIn(clinicianUser, REPORT_PATH);

    const section = await screen.findByRole('region', { name: 'Time in ranges' });
    const rows = within(section)
      .getAllByRole('row')
      .map((row) => row.textContent);

    // Time per day: 6.5% of 1,440 min = 93.6 min, shown as 1 h 34 min.
    expect(rows).toEqual([
      'Very high above 250 mg/dL6.5%1 h 34 min per dayGoal < 5% · missed',
      'High 181–250 mg/dL21.7%5 h 12 min per day',
      'High + very high28.2%Goal < 25% · missed',
      'Target 70–180 mg/dL68.4%16 h 25 min per dayGoal > 70% · missed',
      'Low 54–69 mg/dL2.6%37 min per day',
      'Low + very low3.4%Goal < 4% · met',
      'Very low below 54 mg/dL0.8%12 min per dayGoal < 1% · met',
    ]);
  });

  it('names the AGP bands and draws the daily profiles', async () => {
    mockDashboardApi({ users: allUsers });
    renderSignedIn(clinicianUser, REPORT_PATH);
    await findReport();

    const agp = screen.getByRole('img', { name: /Ambulatory glucose profile in mg\/dL/ });
    const legend = document.getElementById(agp.getAttribute('aria-describedby') ?? '');
    expect(legend?.textContent).toContain('5th–95th percentile (outer band)');
    expect(legend?.textContent).toContain('25th–75th percentile');

    const profiles = screen.getByRole('region', { name: 'Daily glucose profiles' });
    const panels = within(profiles).getAllByRole('listitem');
    expect(panels).toHaveLength(14 + 2);
    expect(
      within(profiles).getByRole('img', { name: 'Glucose on Monday, 4 March 2019' }),
    ).toBeTruthy();
    expect(within(profiles).getByText('No data')).toBeTruthy();
  });

  it('lists the AGP percentiles in a table', async () => {
    mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(clinicianUser, REPORT_PATH);
    await findReport();

    await user.click(screen.getByText('Show the AGP percentiles as a table'));

    const table = screen.getByRole('table', { name: /Smoothed percentiles in mg\/dL/ });
    const rows = within(table)
      .getAllByRole('row')
      .map((row) => row.textContent);
    expect(rows[1]).toBe('00:00–01:0070100140180250');
    expect(rows[4]).toBe('03:00–04:00No dataNo dataNo dataNo dataNo data');
  });

  it('shows the GRI', async () => {
    mockDashboardApi({ users: allUsers });
    renderSignedIn(clinicianUser, REPORT_PATH);

    const gri = await screen.findByRole('region', { name: 'Glycemia Risk Index (GRI)' });

    expect(gri.textContent).toContain('GRI 24.6, zone B');
    expect(gri.textContent).toContain('hypoglycemia component 2.9%');
    expect(within(gri).getByRole('img', { name: 'Glycemia Risk Index (GRI)' })).toBeTruthy();
  });

  it('shows the report in mmol/L', async () => {
    mockDashboardApi({ users: allUsers, roles: { profile: { glucoseUnit: 'mmol/L' } } });
    renderSignedIn(clinicianUser, REPORT_PATH);

    const section = await screen.findByRole('region', { name: 'Glucose statistics and targets' });

    // 154.4 / 18.01559 = 8.57; the goal 154 / 18.01559 = 8.55.
    expect(definition(section, 'Average glucose')).toBe('8.6 mmol/LGoal < 8.5 mmol/L');
    expect(screen.getByRole('img', { name: /Ambulatory glucose profile in mmol\/L/ })).toBeTruthy();
  });

  it('requests the chosen period', async () => {
    const received = mockDashboardApi({ users: allUsers });
    const user = userEvent.setup();
    renderSignedIn(clinicianUser, REPORT_PATH);
    await findReport();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Length' }), '7 days');
    const lastDay = screen.getByLabelText('Last day');
    await user.clear(lastDay);
    await user.type(lastDay, '2019-03-10');
    await user.click(screen.getByRole('button', { name: 'Show period' }));
    await findReport();

    const last = received.filter((entry) => entry.path.endsWith('/report')).at(-1);
    expect(last?.query.get('from')).toBe('2019-03-03T22:00:00.000Z');
    expect(last?.query.get('to')).toBe('2019-03-10T22:00:00.000Z');
  });

  it('warns about insufficient data', async () => {
    mockDashboardApi({
      users: allUsers,
      roles: {
        report: {
          ...demoReport,
          cgmActivePercent: 61.5,
          statistics: {
            ...demoStatistics,
            sufficiency: { ...demoStatistics.sufficiency, presentPercent: 61.5, sufficient: false },
          },
        },
      },
    });
    renderSignedIn(clinicianUser, REPORT_PATH);

    const section = await screen.findByRole('region', { name: 'Glucose statistics and targets' });
    const alert = within(section).getByRole('alert');

    expect(alert.textContent).toContain('Not enough data for a reliable report');
    expect(alert.textContent).toContain('61.5% of the expected readings present');
  });

  it('shows a period without readings', async () => {
    mockDashboardApi({
      users: allUsers,
      roles: {
        report: {
          ...demoReport,
          statistics: { ...demoStatistics, timeInRanges: null, meanMgDl: null, gmiPercent: null },
          gri: null,
          agp: { binMinutes: 60, readingCount: 0, bins: [] },
        },
      },
    });
    renderSignedIn(clinicianUser, REPORT_PATH);
    const report = await findReport();

    expect(within(report).getAllByText('Not available: no readings in this period.')).toHaveLength(
      3,
    );
    expect(screen.queryByRole('img', { name: /Ambulatory glucose profile/ })).toBeNull();
  });

  it('shows the loading state', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(neverAnswer('get', '/api/v1/patients/:patientId/report'));
    renderSignedIn(clinicianUser, REPORT_PATH);

    expect(await screen.findByText('Loading the AGP report…')).toBeTruthy();
  });

  it('shows the error with request ID', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(
      http.get('/api/v1/patients/:patientId/report', () =>
        apiErrorResponse(400, 'INVALID_RANGE', 'a range may cover at most 90 days', 'req-r-4'),
      ),
    );
    renderSignedIn(clinicianUser, REPORT_PATH);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The AGP report could not be loaded.');
    expect(alert.textContent).toContain('a range may cover at most 90 days');
    expect(alert.textContent).toContain('req-r-4');
  });

  it('offers printing', async () => {
    mockDashboardApi({ users: allUsers });
    const printed: number[] = [];
    const original = window.print;
    window.print = () => printed.push(1);
    const user = userEvent.setup();
    renderSignedIn(clinicianUser, REPORT_PATH);
    await findReport();

    await user.click(screen.getByRole('button', { name: 'Print or save as PDF' }));

    window.print = original;
    expect(printed).toHaveLength(1);
  });
});
