// Node tests of the built module (dist/) and of the CLI. They load the real wasm engine.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/node/**/*.test.ts'],
    environment: 'node',
    // Design note: a poll waits for what the user would see, however loaded the machine is; its
    // default (1 s) made tests depend on speed (a cold engine start under load takes longer).
    expect: { poll: { timeout: 120_000, interval: 50 } },
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // The emscripten module and the compiled package run as node loads them, untransformed.
    server: { deps: { external: [/\/dist\//, /\/wasm\//] } },
  },
});
