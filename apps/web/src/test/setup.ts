import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';

import { server } from './msw-server.ts';

// jsdom has no canvas: getContext logs "Not implemented" and returns undefined. ECharts' text
// measurement falls back to estimated widths when it gets null, so return null quietly.
vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
});

afterEach(() => {
  cleanup();
  server.resetHandlers();
  sessionStorage.clear();
});

afterAll(() => {
  server.close();
});
