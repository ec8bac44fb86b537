import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web app. Used by `vite build` (output frontend/dist) and by the local runtime, which serves
 * it in middleware mode: `createServer({ configFile: 'frontend/vite.config.ts', server: { middlewareMode: true } })`.
 * `/config.json` is not part of the build: each deployment (or the local runtime) provides it.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
});
