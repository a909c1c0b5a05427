import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';

import { server } from './msw-server.ts';

// jsdom has no canvas: getContext logs "Not implemented" and returns undefined. ECharts' text
// measurement falls back to estimated widths when it gets null, so return null quietly.
vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);

// jsdom does no layout, so every chart container is 0 × 0 px and ECharts warns on each init.
// Tests that need a drawn chart give elements a size (see glucose-chart.test.tsx).
const warn = console.warn.bind(console);
vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].startsWith("[ECharts] Can't get DOM width")) {
    return;
  }
  warn(...args);
});

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
});

afterEach(() => {
  cleanup();
  server.resetHandlers();
  sessionStorage.clear();
  // Views read the page from the address bar, so each test starts at the root path.
  window.history.replaceState(null, '', '/');
});

afterAll(() => {
  server.close();
});
