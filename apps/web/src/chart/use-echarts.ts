import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, type RefObject } from 'react';

import { init } from './echarts-setup.ts';

/**
 * Mounts an ECharts instance (SVG renderer) on the returned element ref and replaces its
 * option whenever `option` changes identity. It resizes the chart with its element and when
 * printing starts, keeps a viewBox on its SVG so that CSS can scale it, and disposes of it on
 * unmount. Pass a memoized option: each new object redraws the chart.
 */
export function useECharts(option: EChartsCoreOption): RefObject<HTMLDivElement | null> {
  const elementRef = useRef<HTMLDivElement | null>(null);
  const chartRef = useRef<ECharts | null>(null);

  useEffect(() => {
    const element = elementRef.current;
    if (element === null) {
      return undefined;
    }
    const chart = init(element, undefined, { renderer: 'svg' });
    chartRef.current = chart;

    // ECharts writes the SVG's size in pixels without a viewBox, so CSS could only crop it.
    // With a viewBox the print stylesheet can scale each chart into its printed box, even
    // where the browser prints without running the resize below (Chromium's page.pdf()).
    const setViewBox = () => {
      const svg = element.querySelector('svg');
      const width = svg?.getAttribute('width');
      const height = svg?.getAttribute('height');
      const box = `0 0 ${width} ${height}`;
      if (svg && width && height && svg.getAttribute('viewBox') !== box) {
        svg.setAttribute('viewBox', box);
      }
    };
    chart.on('rendered', setViewBox);

    // jsdom and old browsers have no ResizeObserver; the chart then keeps its first size.
    const observer =
      typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => chart.resize());
    observer?.observe(element);

    // Printing lays the page out anew, often before a ResizeObserver callback runs, so the
    // chart is resized as the print layout starts.
    const resize = () => chart.resize();
    window.addEventListener('beforeprint', resize);
    const printQuery = typeof window.matchMedia === 'function' ? window.matchMedia('print') : null;
    printQuery?.addEventListener('change', resize);

    return () => {
      chart.off('rendered', setViewBox);
      window.removeEventListener('beforeprint', resize);
      printQuery?.removeEventListener('change', resize);
      observer?.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  return elementRef;
}
