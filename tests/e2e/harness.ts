// What every end-to-end test file needs: the built app (dist/app) served by `vite preview` on a
// free port of 127.0.0.1, and a way to stop it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A running `vite preview` of dist/app. */
export interface Preview {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** Stops the server. */
  stop: () => Promise<void>;
}

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers, the server exits, or `timeoutMs` passes. */
async function waitForServer(url: string, server: ChildProcess, output: () => string, timeoutMs = 30_000) {
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
async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Serves dist/app with `vite preview` and waits until it answers. */
export async function startPreview(): Promise<Preview> {
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
  server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  try {
    await waitForServer(`${origin}/`, server, () => output);
  } catch (e) {
    await stop(server);
    throw e;
  }
  return { origin, stop: () => stop(server) };
}

/** The requests that went neither to `origin` nor to a data: or blob: URL. */
export function foreignRequests(requests: readonly string[], origin: string): string[] {
  return requests.filter(
    (url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:'),
  );
}

/** Shows one of the app's pages through its navigation link and waits until it is current. */
export async function showPage(page: import('playwright-core').Page, route: string): Promise<void> {
  const link = page.getByTestId(`nav-${route}`);
  await link.click();
  await link.and(page.locator('[aria-current="page"]')).waitFor();
}

/** What a test file drives: the served app, its browser, and what the page did. */
export interface AppSession {
  server: Preview;
  origin: string;
  browser: import('playwright-core').Browser;
  context: import('playwright-core').BrowserContext;
  page: import('playwright-core').Page;
}

/**
 * Serves dist/app and opens one page of it in a fresh 1280x800 Chromium context (not yet
 * navigated). Every request of the page and of its workers goes into `requests` (for
 * foreignRequests), and every page error and console error into `problems`.
 */
export async function openApp(options: {
  requests: string[];
  problems: string[];
  acceptDownloads?: boolean;
}): Promise<AppSession> {
  const { launchChromium } = await import('../../scripts/chromium.mjs');
  const server = await startPreview();
  const browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    acceptDownloads: options.acceptDownloads ?? false,
  });
  // Requests of the page and of its workers (the engine worker fetches the .wasm).
  context.on('request', (request) => options.requests.push(request.url()));
  const page = await context.newPage();
  page.on('pageerror', (error) => options.problems.push(`page error: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') options.problems.push(`console error: ${msg.text()}`);
  });
  return { server, origin: server.origin, browser, context, page };
}
