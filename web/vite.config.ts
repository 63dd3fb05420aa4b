import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dashboard builds to web/dist, which the API serves at `/`. `npx vite web` proxies the API to a
// running `chargemend start` (HTTP_PORT 3000) so the SPA can be developed with hot reload.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 400 },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } } },
});
