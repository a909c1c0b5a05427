import { fileURLToPath } from 'node:url';

import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** apps/web, so the build works the same from the repository root and from this folder. */
const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  plugins: [react(), tailwindcss()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    // In development the API listens on port 3000, so the browser reaches both on one origin.
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000' },
    },
  },
});
