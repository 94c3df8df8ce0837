/**
 * Build of the web console: static files in dist/, served by the gateway at `/`. Charts, the lineage
 * graph and OpenCC are split into lazy chunks so the first page stays small (test/console/budget.test.ts).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The gateway serves these files as they are; a source map would only add weight to an intranet install.
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npx vite` in services/console for development, against a running `gba start`.
    proxy: { '/graphql': 'http://127.0.0.1:4000', '/console-config.json': 'http://127.0.0.1:4000' },
  },
});
