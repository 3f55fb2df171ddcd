import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server serves the built files at /dashboard; the admin API lives on the same origin.
export default defineConfig({
  base: '/dashboard/',
  plugins: [react()],
  resolve: {
    alias: {
      // Compile the shared protocol types from source: no CommonJS interop in the browser bundle.
      '@switchboard/protocol': fileURLToPath(new URL('../../libs/protocol/src/index.ts', import.meta.url)),
    },
  },
  server: {
    proxy: { '/admin/api': 'http://127.0.0.1:8080' },
  },
  build: { outDir: 'dist', emptyOutDir: true },
});
