// The tarball installed into a fresh folder served statically, its engine loaded in headless
// Chromium in each way it can fail: the worker script missing, the .wasm missing (404), a page
// served in the .wasm's place, and the workerUrl / wasmUrl options pointing at copies served
// elsewhere (which load, whatever the content type the .wasm comes with). Every failure rejects
// with "worker_failed", its details naming the URL, what it answered and what to change.
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.mjs';
import { scratchProject } from './scratch.js';
import { serveFolder, type StaticServer } from './static_server.js';

const { workDir, tarball } = inject('pack');

/** What open() (of the client at `module`) and a count gave in the page. */
interface Outcome {
  ok: boolean;
  count?: number;
  name?: string;
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
}

/** The package's client as the import map of a plain page names it. */
const CLIENT = '/node_modules/tracesift/dist/web/src/index.js';

describe('loading the engine from the package, and each way it fails', () => {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const requests: { url: string; status: number; type: string }[] = [];

  beforeAll(async () => {
    const dir = scratchProject(workDir, 'load-failures', [tarball]);
    const dist = join(dir, 'node_modules/tracesift/dist');
    writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">');
    // A copy of the package's files elsewhere, without its .wasm (served under another name and
    // type instead), and a copy missing its worker script.
    cpSync(dist, join(dir, 'static/tracesift'), { recursive: true });
    rmSync(join(dir, 'static/tracesift/wasm/tracesift_engine.wasm'));
    cpSync(join(dist, 'wasm/tracesift_engine.wasm'), join(dir, 'static/engine.wasm'));
    cpSync(join(dist, 'wasm/tracesift_engine.wasm'), join(dir, 'static/engine.bin'));
    cpSync(dist, join(dir, 'no-worker'), { recursive: true });
    rmSync(join(dir, 'no-worker/worker/src/worker.js'));
    server = await serveFolder(dir);
    browser = await launchChromium();
    context = await browser.newContext();
    context.on('response', (r) =>
      requests.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] ?? '' }),
    );
    page = await context.newPage();
    await page.goto(`${server.origin}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /**
   * Opens the engine with the client at `module` and `options`, counts, closes. (Page code as text:
   * vitest would rewrite a function's dynamic import.)
   */
  const attempt = (module: string, options: Record<string, unknown>): Promise<Outcome> =>
    page!.evaluate(`(async () => {
      const { open } = await import(${JSON.stringify(module)});
      try {
        const ts = await open(${JSON.stringify(options)});
        const count = await ts.count();
        await ts.close();
        return { ok: true, count };
      } catch (e) {
        return { ok: false, name: e.name, code: e.code, message: e.message, details: e.details };
      }
    })()`);

  it('loads with the package as installed (the reference for the rest)', async () => {
    expect(await attempt(CLIENT, {})).toEqual({ ok: true, count: 0 });
  });

  it('rejects a missing worker script (workerUrl) with its URL, the 404 and a hint', async () => {
    const seen = await attempt(CLIENT, { workerUrl: './nowhere/worker.js' });
    const url = `${server!.origin}/nowhere/worker.js`;
    expect(seen).toMatchObject({
      ok: false,
      name: 'TraceSiftError',
      code: 'worker_failed',
      details: { asset: 'worker', url, status: 404, content_type: '' },
    });
    expect(seen.message).toContain(`${url} answered HTTP 404`);
    expect(seen.details!['hint']).toContain('workerUrl');
  });

  it("rejects when the package's own worker script is not served, naming the URL the client started", async () => {
    const seen = await attempt('/no-worker/web/src/index.js', {});
    expect(seen).toMatchObject({
      ok: false,
      code: 'worker_failed',
      details: { asset: 'worker', url: `${server!.origin}/no-worker/worker/src/worker.js`, status: 404 },
    });
    expect(seen.details!['hint']).toContain('tracesift/worker');
  });

  it('rejects a missing .wasm (404) with its URL, the status and a hint', async () => {
    const seen = await attempt(CLIENT, { wasmUrl: '/nowhere/engine.wasm' });
    const url = `${server!.origin}/nowhere/engine.wasm`;
    expect(seen).toMatchObject({ ok: false, code: 'worker_failed', details: { asset: 'wasm', url, status: 404 } });
    expect(seen.message).toContain(`${url} answered HTTP 404`);
    expect(seen.details!['hint']).toContain('wasmUrl');
    // The copy without its .wasm beside the worker fails the same way, at the default URL.
    const beside = await attempt(CLIENT, { workerUrl: '/static/tracesift/worker/src/worker.js' });
    expect(beside).toMatchObject({
      ok: false,
      code: 'worker_failed',
      details: { asset: 'wasm', url: `${server!.origin}/static/tracesift/wasm/tracesift_engine.wasm`, status: 404 },
    });
  });

  it('rejects a page served in place of the .wasm, naming its content type', async () => {
    const seen = await attempt(CLIENT, { wasmUrl: '/index.html' });
    expect(seen).toMatchObject({
      ok: false,
      code: 'worker_failed',
      details: {
        asset: 'wasm',
        url: `${server!.origin}/index.html`,
        status: 200,
        content_type: 'text/html; charset=utf-8',
      },
    });
    expect(seen.message).toContain('is not WebAssembly');
    expect(seen.message).toContain('text/html');
  });

  it('loads from workerUrl and wasmUrl where the host serves them, whatever type the .wasm is sent as', async () => {
    requests.length = 0;
    const worker = '/static/tracesift/worker/src/worker.js';
    expect(await attempt(CLIENT, { workerUrl: worker, wasmUrl: '/static/engine.wasm' })).toEqual({
      ok: true,
      count: 0,
    });
    const asked = requests.map((r) => r.url.slice(server!.origin.length));
    expect(asked).toContain(worker);
    expect(asked).toContain('/static/engine.wasm');
    expect(asked.filter((u) => u.endsWith('.wasm'))).toEqual(['/static/engine.wasm']);
    // Sent as application/octet-stream: read whole, then compiled.
    expect(await attempt(CLIENT, { workerUrl: worker, wasmUrl: '/static/engine.bin' })).toEqual({ ok: true, count: 0 });
    expect(requests.find((r) => r.url.endsWith('/static/engine.bin'))?.type).toBe('application/octet-stream');
  });
});
