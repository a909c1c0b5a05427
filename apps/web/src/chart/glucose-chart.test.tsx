import { render, screen } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { demoReadings } from '../test/fixtures.ts';
import { GlucoseChart } from './glucose-chart.tsx';

// ECharts renders with its real SVG renderer here. jsdom does no layout, so every element
// reports a size of 0; give elements a chart-sized box for the duration of this file.
const BOX = { clientWidth: 800, clientHeight: 320 } as const;

beforeAll(() => {
  for (const [property, value] of Object.entries(BOX)) {
    Object.defineProperty(HTMLElement.prototype, property, {
      configurable: true,
      get: () => value,
    });
  }
});

afterAll(() => {
  for (const property of Object.keys(BOX)) {
    Reflect.deleteProperty(HTMLElement.prototype, property);
  }
});

const period = {
  fromMs: Date.parse('2019-03-16T09:55:00.001Z'),
  toMs: Date.parse('2019-03-17T09:55:00.001Z'),
};

describe('GlucoseChart', () => {
  it('draws the trace as SVG', () => {
    render(
      <GlucoseChart
        readings={demoReadings}
        timeZone="Europe/Helsinki"
        unit="mg/dL"
        period={period}
      />,
    );

    const chart = screen.getByRole('img', {
      name: 'CGM glucose trace in mg/dL, times in Europe/Helsinki',
    });
    const svg = chart.querySelector('svg');

    expect(svg).not.toBeNull();
    expect(svg?.getAttribute('width')).toBe('800');
    expect(chart.querySelectorAll('path').length).toBeGreaterThan(0);
    // The y axis name is drawn as SVG text.
    expect(svg?.textContent).toContain('mg/dL');
  });

  it('redraws in another unit', () => {
    const { rerender } = render(
      <GlucoseChart
        readings={demoReadings}
        timeZone="Europe/Helsinki"
        unit="mg/dL"
        period={period}
      />,
    );

    rerender(
      <GlucoseChart
        readings={demoReadings}
        timeZone="Europe/Helsinki"
        unit="mmol/L"
        period={period}
      />,
    );

    const chart = screen.getByRole('img', { name: /CGM glucose trace in mmol\/L/ });
    expect(chart.querySelector('svg')?.textContent).toContain('mmol/L');
  });
});
