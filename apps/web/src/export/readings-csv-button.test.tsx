import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';

import { mockDashboardApi } from '../test/dashboard-api.ts';
import { clinicianUser, demoPatient, patientUser } from '../test/fixtures.ts';
import { server } from '../test/msw-server.ts';
import { renderSignedIn } from '../test/render-signed-in.tsx';
import { apiErrorResponse } from '../test/role-api.ts';
import { allUsers } from '../test/role-fixtures.ts';

const CSV_ROUTE = '/api/v1/patients/:patientId/readings.csv';
const CSV_BODY =
  'time_utc,local_time,utc_offset_minutes,glucose_mg_dl,glucose_mmol_l,out_of_range,threshold_mg_dl\r\n' +
  '2019-03-17T09:55:00.000Z,2019-03-17T11:55:00,120,154,8.5,,\r\n';
const OBJECT_URL = 'blob:http://localhost/readings-1';
const BUTTON_NAME = 'Download CGM data (CSV)';

interface CsvRequest {
  path: string;
  from: string | null;
  to: string | null;
  devUser: string | null;
}

interface ClickedLink {
  href: string;
  download: string;
}

const csvRequests: CsvRequest[] = [];
const created: Blob[] = [];
const clicked: ClickedLink[] = [];
const originalCreate = URL.createObjectURL;
const originalRevoke = URL.revokeObjectURL;
let click: MockInstance<() => void>;

beforeEach(() => {
  csvRequests.length = 0;
  created.length = 0;
  clicked.length = 0;
  URL.createObjectURL = (blob: Blob) => {
    created.push(blob);
    return OBJECT_URL;
  };
  URL.revokeObjectURL = () => undefined;
  click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    clicked.push({ href: this.href, download: this.download });
  });
});

afterEach(() => {
  click.mockRestore();
  URL.createObjectURL = originalCreate;
  URL.revokeObjectURL = originalRevoke;
});

/** Installs the CSV route; `fileName` null sends no Content-Disposition header. */
function mockCsvRoute(fileName: string | null) {
  server.use(
    http.get(CSV_ROUTE, ({ request }) => {
      const url = new URL(request.url);
      csvRequests.push({
        path: url.pathname,
        from: url.searchParams.get('from'),
        to: url.searchParams.get('to'),
        devUser: request.headers.get('X-Dev-User'),
      });
      const headers: Record<string, string> = { 'content-type': 'text/csv; charset=utf-8' };
      if (fileName !== null) {
        headers['content-disposition'] = `attachment; filename="${fileName}"`;
      }
      return new HttpResponse(CSV_BODY, { headers });
    }),
  );
}

async function openReport() {
  renderSignedIn(clinicianUser, `/patients/${demoPatient.id}/report`);
  await screen.findByRole('article', { name: 'AGP report of Demo Patient' });
}

describe('CSV download on the AGP report', () => {
  it('requests the report period', async () => {
    mockDashboardApi({ users: allUsers });
    mockCsvRoute('cgm-export-from-server.csv');
    const user = userEvent.setup();
    await openReport();

    await user.click(screen.getByRole('button', { name: BUTTON_NAME }));
    await waitFor(() => expect(clicked).toHaveLength(1));

    // The report period: 4 to 17 March local days in Helsinki (UTC+2).
    expect(csvRequests).toEqual([
      {
        path: `/api/v1/patients/${demoPatient.id}/readings.csv`,
        from: '2019-03-03T22:00:00.000Z',
        to: '2019-03-17T22:00:00.000Z',
        devUser: clinicianUser.id,
      },
    ]);
  });

  it('saves under the server file name', async () => {
    mockDashboardApi({ users: allUsers });
    mockCsvRoute('cgm-export-from-server.csv');
    const user = userEvent.setup();
    await openReport();

    await user.click(screen.getByRole('button', { name: BUTTON_NAME }));
    await waitFor(() => expect(clicked).toHaveLength(1));

    expect(clicked[0]).toEqual({ href: OBJECT_URL, download: 'cgm-export-from-server.csv' });
    expect(created).toHaveLength(1);
    expect(await created[0]?.text()).toBe(CSV_BODY);
    expect(document.querySelector('a[download]')).toBeNull();
    expect(await screen.findByRole('button', { name: BUTTON_NAME })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('requests a newly chosen period', async () => {
    mockDashboardApi({ users: allUsers });
    mockCsvRoute('cgm-export-from-server.csv');
    const user = userEvent.setup();
    await openReport();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Length' }), '30 days');
    const lastDay = screen.getByLabelText('Last day');
    await user.clear(lastDay);
    await user.type(lastDay, '2019-03-10');
    await user.click(screen.getByRole('button', { name: 'Show period' }));
    await user.click(screen.getByRole('button', { name: BUTTON_NAME }));
    await waitFor(() => expect(clicked).toHaveLength(1));

    // 30 local days ending 10 March: 9 February to 10 March, Helsinki at UTC+2 throughout.
    expect(csvRequests[0]?.from).toBe('2019-02-08T22:00:00.000Z');
    expect(csvRequests[0]?.to).toBe('2019-03-10T22:00:00.000Z');
  });

  it('shows the error of a bad range', async () => {
    mockDashboardApi({ users: allUsers });
    server.use(
      http.get(CSV_ROUTE, () =>
        apiErrorResponse(400, 'INVALID_RANGE', 'a range may cover at most 90 days', 'req-csv-1'),
      ),
    );
    const user = userEvent.setup();
    await openReport();

    await user.click(screen.getByRole('button', { name: BUTTON_NAME }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The CGM data could not be downloaded.');
    expect(alert.textContent).toContain('a range may cover at most 90 days');
    expect(within(alert).getByText('req-csv-1')).toBeTruthy();
    expect(created).toEqual([]);
    expect(clicked).toEqual([]);
    expect(screen.getByRole('button', { name: BUTTON_NAME })).toBeTruthy();
  });

  it('clears the error on a retry', async () => {
    mockDashboardApi({ users: allUsers });
    mockCsvRoute('cgm-export-from-server.csv');
    // server.use puts the newest handler first, so this one handles the first request only.
    server.use(
      http.get(
        CSV_ROUTE,
        () => apiErrorResponse(400, 'INVALID_RANGE', 'to must be later than from', 'req-csv-2'),
        { once: true },
      ),
    );
    const user = userEvent.setup();
    await openReport();

    await user.click(screen.getByRole('button', { name: BUTTON_NAME }));
    await screen.findByRole('alert');
    await user.click(screen.getByRole('button', { name: BUTTON_NAME }));
    await waitFor(() => expect(clicked).toHaveLength(1));

    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the busy state', async () => {
    mockDashboardApi({ users: allUsers });
    const requests: string[] = [];
    server.use(
      http.get(CSV_ROUTE, async ({ request }) => {
        requests.push(request.url);
        await delay('infinite');
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    await openReport();

    await user.click(screen.getByRole('button', { name: BUTTON_NAME }));
    const busy = await screen.findByRole('button', { name: 'Downloading…' });
    await user.click(busy);

    expect(busy.getAttribute('aria-disabled')).toBe('true');
    expect(requests).toHaveLength(1);
  });
});

describe('CSV download on the glucose page', () => {
  it('saves the range with a fallback name', async () => {
    mockDashboardApi();
    mockCsvRoute(null);
    const user = userEvent.setup();
    renderSignedIn(patientUser);

    await user.click(await screen.findByRole('button', { name: BUTTON_NAME }));
    await waitFor(() => expect(clicked).toHaveLength(1));

    // The default range: 14 days ending 1 ms after the last reading at 09:55 UTC on 17 March.
    expect(csvRequests).toEqual([
      {
        path: `/api/v1/patients/${demoPatient.id}/readings.csv`,
        from: '2019-03-03T09:55:00.001Z',
        to: '2019-03-17T09:55:00.001Z',
        devUser: patientUser.id,
      },
    ]);
    // Without Content-Disposition: the first 8 characters of the patient ID and the UTC date
    // of the period's start.
    expect(clicked[0]?.download).toBe('cgm-9a1b2c3d-2019-03-03.csv');
  });
});
