// Pack tests: the package as users get it. `npm pack` once (global_setup.ts), then fresh projects
// in temp folders install the tarball (npm --prefer-offline: the cache first, the registry for
// what it lacks) and run docs/examples/ in node and in Chromium.
// Run `bash scripts/build.sh` first.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['tests/pack/*.pack.test.ts'],
    globalSetup: ['tests/pack/global_setup.ts'],
    environment: 'node',
    // Design note: a poll waits for what the user would see, however loaded the machine is; its
    // default (1 s) made tests depend on speed (a cold engine start under load takes longer).
    expect: { poll: { timeout: 120_000, interval: 50 } },
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // One browser, one install or one build at a time on a 2-core machine.
    fileParallelism: false,
  },
});
