import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** `npm run dev` talks to a Griot server on GRIOT_API (default http://localhost:3000). */
const api = process.env.GRIOT_API ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/api': api, '/audio': api },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
  },
});
