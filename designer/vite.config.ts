import { defaultClientConditions, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './precompress.ts';

/** `npm run dev` talks to a Griot server on GRIOT_API (default http://localhost:3000). */
const api = process.env.GRIOT_API ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react(), precompress()],
  // The bundle is made from the sources of @griot/flows and @griot/connectors (their "griot-source"
  // export), never from a dist/ of theirs that may be older than them.
  resolve: { conditions: ['griot-source', ...defaultClientConditions] },
  server: {
    proxy: { '/api': api, '/audio': api },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Each page's code is its own file (app/App.tsx); the editor's is the largest.
    chunkSizeWarningLimit: 800,
  },
});
