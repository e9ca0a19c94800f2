// What a Vite app needs for tracesift: keep the package out of dependency pre-bundling, which the
// dev server would otherwise do, moving the client away from the worker and the .wasm its
// `new URL(..., import.meta.url)` point at. (`vite build` needs no setting at all.)
import { defineConfig } from 'vite';

export default defineConfig({
  optimizeDeps: { exclude: ['tracesift'] },
});
