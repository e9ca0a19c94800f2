// What a Vite app needs for tracesift: the engine's worker is an ES module worker, and the package
// stays out of dependency pre-bundling (so `new URL(..., import.meta.url)` keeps pointing at the
// worker and the .wasm shipped beside it).
import { defineConfig } from 'vite';

export default defineConfig({
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['tracesift'] },
});
