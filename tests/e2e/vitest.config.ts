// End-to-end tests: the built app (dist/app) served by `vite preview` and driven in Debian's
// Chromium through playwright-core. Run `bash scripts/build.sh` first.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['tests/e2e/app.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One browser and one server at a time on a 2-core machine.
    fileParallelism: false,
  },
});
