/** The editor's build, and its dev server, which proxies the API to an engine on ENGINE_URL (default :8080). */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const engine = process.env.ENGINE_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/v1': engine, '/healthz': engine } },
  build: {
    // ELK is loaded on first auto-layout, in its own chunk of ~1.4 MB.
    chunkSizeWarningLimit: 2000,
  },
});
