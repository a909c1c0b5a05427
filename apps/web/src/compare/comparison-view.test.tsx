import { screen, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { mockDashboardApi } from '../test/dashboard-api.ts';
import { clinicianUser, demoPatient, demoStatistics } from '../test/fixtures.ts';
import { server } from '../test/msw-server.ts';
import { renderSignedIn } from '../test/render-signed-in.tsx';
import { apiErrorResponse, reportFor } from '../test/role-api.ts';
import { allUsers, demoReport } from '../test/role-fixtures.ts';

const COMPARE_PATH = `/patients/${demoPatient.id}/compare`;

function definition(container: HTMLElement, term: string): string | null {
  const termElement = within(container).getByText(term, { selector: 'dt' });
  return termElement.nextElementSibling?.textContent ?? null;
}

describe('period comparison', () => {
  it('requests two consecutive periods', async () => {
    const received = mockDashboardApi({ users: allUsers });
    renderSignedIn(clinicianUser, COMPARE_PATH);

    const first = await screen.findByRole('region', { name: /Period A/ });
    const second = await screen.findByRole('region', { name: /Period B/ });

    expect(first.querySelector('h2')?.textContent).toBe(
      'Period A: 18 Feb 2019 – 3 Mar 2019 (14 days)',
    );
    expect(second.querySelector('h2')?.textContent).toBe(
      'Period B: 4 Mar 2019 – 17 Mar 2019 (14 days)',
    );
    const periods = received
      .filter((entry) => entry.path.endsWith('/report'))
      .map((entry) => `${entry.query.get('from')} ${entry.query.get('to')}`)
      .sort();
    expect(periods).toEqual([
      '2019-02-17T22:00:00.000Z 2019-03-03T22:00:00.000Z',
      '2019-03-03T22:00:00.000Z 2019-03-17T22:00:00.000Z',
    ]);
  });

  it('shows each period with its own values', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(
      reportFor('2019-02-17T22:00:00.000Z', {
        ...demoReport,
        statistics: {
          ...demoStatistics,
          meanMgDl: 171.2,
          sufficiency: { ...demoStatistics.sufficiency, presentPercent: 41, sufficient: false },
        },
        gri: { gri: 40.5, hypoComponent: 2, hyperComponent: 21.56, zone: 'C' },
      }),
    );
    renderSignedIn(clinicianUser, COMPARE_PATH);

    const first = await screen.findByRole('region', { name: /Period A/ });
    const second = await screen.findByRole('region', { name: /Period B/ });
    await within(first).findByText('Average glucose');
    await within(second).findByText('Average glucose');

    expect(definition(first, 'Average glucose')).toBe('171 mg/dL');
    expect(definition(second, 'Average glucose')).toBe('154 mg/dL');
    expect(definition(first, 'GRI')).toBe('40.5 (zone C)');
    expect(definition(second, 'Time in range 70–180 mg/dL')).toBe('68.4%');
    expect(within(first).getByRole('alert').textContent).toContain('41.0% of the expected');
    expect(within(second).queryByRole('alert')).toBeNull();
  });

  it('shows an error in one column', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(
      http.get('/api/v1/patients/:patientId/report', ({ request }) => {
        const from = new URL(request.url).searchParams.get('from');
        if (from === '2019-02-17T22:00:00.000Z') {
          return apiErrorResponse(500, 'INTERNAL_ERROR', 'internal error', 'req-c-1');
        }
        return undefined;
      }),
    );
    renderSignedIn(clinicianUser, COMPARE_PATH);

    const first = await screen.findByRole('region', { name: /Period A/ });
    const alert = await within(first).findByRole('alert');
    expect(alert.textContent).toContain('Period A could not be loaded.');
    expect(alert.textContent).toContain('req-c-1');
    const second = screen.getByRole('region', { name: /Period B/ });
    expect(await within(second).findByText('Average glucose')).toBeTruthy();
  });
});
