/** Vite build for the web app; `npm run dev` proxies the API to a server on :3000. */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:3000', ws: true },
      '/oidc': 'http://localhost:3000',
    },
  },
});
