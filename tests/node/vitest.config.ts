// Node tests of the built module (dist/) and of the CLI. They load the real wasm engine.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/node/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // The emscripten module and the compiled package run as node loads them, untransformed.
    server: { deps: { external: [/\/dist\//, /\/wasm\//] } },
  },
});
