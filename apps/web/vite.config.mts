import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The web app lives in apps/web; the API (NestJS) listens on :3000 in development.
const webRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/web', import.meta.url));
const apiTarget = 'http://127.0.0.1:3000';

export default defineConfig({
  root: webRoot,
  base: '/',
  // Vite 8 transforms .tsx with Oxc; use the React 17+ automatic JSX runtime.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir,
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
      '/socket.io': { target: apiTarget, changeOrigin: true, ws: true },
    },
  },
  // `vite preview` reuses server.proxy by default.
});
