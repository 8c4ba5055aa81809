import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const apiPort = process.env.PORT ?? '3000';

export default defineConfig({
  root: here,
  plugins: [react()],
  build: { outDir: path.resolve(here, '../dist/web'), emptyOutDir: true, sourcemap: true },
  server: {
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    host: '127.0.0.1',
    // `npm run dev`: the API runs beside Vite; the browser talks to Vite only.
    proxy: { '/api': { target: `http://127.0.0.1:${apiPort}`, changeOrigin: false } },
  },
});
