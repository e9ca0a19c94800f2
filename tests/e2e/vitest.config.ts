// End-to-end tests: the built app (dist/app) served by `vite preview` and driven in Debian's
// Chromium through playwright-core. Run `bash scripts/build.sh` first.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['tests/e2e/*.e2e.test.ts'],
    environment: 'node',
    // Design note: a poll waits for what the user would see, however loaded the machine is; its
    // default (1 s) made tests depend on speed (a cold engine start under load takes longer).
    expect: { poll: { timeout: 120_000, interval: 50 } },
    // The reference client of datasets.e2e (tests/node/in_process_worker.ts) loads the compiled
    // package and the emscripten module as node does, untransformed.
    server: { deps: { external: [/\/dist\//, /\/wasm\//] } },
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // One browser and one server at a time on a 2-core machine.
    fileParallelism: false,
  },
});
