import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, type RefObject } from 'react';

import { init } from './echarts-setup.ts';

/**
 * Mounts an ECharts instance (SVG renderer) on the returned element ref, replaces its option
 * whenever `option` changes identity, resizes it with its element, and disposes of it on
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

    // jsdom and old browsers have no ResizeObserver; the chart then keeps its first size.
    const observer =
      typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => chart.resize());
    observer?.observe(element);

    return () => {
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
