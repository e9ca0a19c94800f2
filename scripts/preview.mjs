// Serves the built app (dist/app) with `vite preview` on a free port of 127.0.0.1, for the
// end-to-end tests (tests/e2e/harness.ts) and the UI benchmark (bench/ui_chromium.mjs).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers, the server exits, or `timeoutMs` passes. */
async function waitForServer(url, server, output, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`vite preview exited (${server.exitCode}):\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer on ${url} within ${timeoutMs} ms:\n${output()}`);
}

/** Stops a child process: SIGTERM, then SIGKILL if it lingers. */
async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Serves dist/app with `vite preview` and waits until it answers. */
export async function startPreview() {
  if (!existsSync(join(ROOT, 'dist/app/index.html'))) {
    throw new Error('dist/app is missing: run `bash scripts/build.sh` first');
  }
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const args = ['node_modules/vite/bin/vite.js', 'preview', '--config', 'web/app/vite.config.ts'];
  const server = spawn(process.execPath, [...args, '--port', String(port), '--strictPort'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout.on('data', (d) => (output += d.toString()));
  server.stderr.on('data', (d) => (output += d.toString()));
  try {
    await waitForServer(`${origin}/`, server, () => output);
  } catch (e) {
    await stop(server);
    throw e;
  }
  return { origin, stop: () => stop(server) };
}
