// Builds the UI app (web/app) against the built npm package in dist/, exactly as a consumer's
// Vite app would: the worker and the .wasm become same-origin assets.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The page's policy (index.html has it as a meta tag) sent as a header by `vite preview`, so the
// engine worker, which takes its policy from its own script's response, is held to it too.
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
const dist = fileURLToPath(new URL('../../dist', import.meta.url));

export default defineConfig({
  root,
  base: './',
  resolve: { alias: { tracesift: `${dist}/web/src/index.js` } },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['tracesift'] },
  build: { outDir: `${dist}/app`, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2048 },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1', port: 4173, strictPort: false, headers: { 'Content-Security-Policy': CSP } },
});
