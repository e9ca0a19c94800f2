// The tarball installed (npm --prefer-offline) into a fresh Vite app (docs/examples/browser:
// index.html, main.js, vite.config.js), built with vite and served statically, then the dev server: the page imports
// `open` from 'tracesift', imports traces, filters, saves an eval dataset and exports it in
// headless Chromium, agreeing with the repository's CLI, with no request leaving the origin.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.mjs';
import { openExample, runExample } from './page.js';
import { installedReadme, writeReadmeFiles } from './readme.js';
import { copyExample, repoVersion, ROOT, run, scratchProject } from './scratch.js';
import { serveFolder, type StaticServer } from './static_server.js';

const { workDir, tarball, traces, reference } = inject('pack');

/** A page that opens the engine and prints how open() settled, as JSON. */
const NO_SETTING_PAGE =
  '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="./main.js"></script><pre id="out"></pre>';
const NO_SETTING_MAIN = `import { open } from 'tracesift';
const out = document.getElementById('out');
open().then(
  (ts) => { out.textContent = JSON.stringify({ code: 'opened' }); return ts.close(); },
  (e) => { out.textContent = JSON.stringify({ code: e.code, message: e.message, details: e.details }); },
).finally(() => { out.dataset.done = 'true'; });
`;

const summaryOf = (out: Record<string, unknown>) =>
  Object.fromEntries(Object.keys(reference).map((k) => [k, out[k]])) as unknown as typeof reference;

/** Starts `vite` (the dev server) in `dir` on a free port, serving `root`; resolves once it answers. */
async function startDevServer(dir: string, root = '.'): Promise<{ origin: string; child: ChildProcess }> {
  const args = ['node_modules/vite/bin/vite.js', root, '--host', '127.0.0.1', '--port', '0'];
  const child = spawn(process.execPath, args, {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vite dev did not start:\n${output}`)), 30_000);
    const read = (d: Buffer) => {
      output += d.toString();
      // Colour codes aside, vite prints "Local:   http://127.0.0.1:PORT/".
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(output.replace(/\x1b\[[0-9;]*m/g, ''));
      if (url) {
        clearTimeout(timer);
        resolve({ origin: url[0], child });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`vite dev exited (${code}):\n${output}`)));
  });
}

describe('the package in a fresh Vite app', () => {
  let dir = '';
  let server: StaticServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    dir = scratchProject(workDir, 'vite-app', [tarball, `vite@${repoVersion('vite')}`]);
    for (const f of ['index.html', 'main.js', 'vite.config.js']) copyExample(dir, `browser/${f}`);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await server?.close();
    await browser?.close();
  });

  it('builds: the worker and the .wasm become same-origin assets, the node entry stays out', async () => {
    run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], dir);
    const assets = readdirSync(join(dir, 'dist/assets'));
    expect(assets.filter((a) => a.endsWith('.wasm'))).toHaveLength(1);
    expect(assets.some((a) => /^worker-.*\.js$/.test(a))).toBe(true);
    for (const a of assets.filter((name) => name.endsWith('.js'))) {
      expect({ a, nodeOnly: /worker_threads/.test(readFileSync(join(dir, 'dist/assets', a), 'utf8')) }).toEqual({
        a,
        nodeOnly: false,
      });
    }
    server = await serveFolder(join(dir, 'dist'));
  });

  it('runs the example page built by vite', async () => {
    const example = await openExample(browser!, server!.origin, `${server!.origin}/`);
    const out = await runExample(example, traces);
    expect(summaryOf(out)).toEqual(reference);
    expect(out['exported_lines']).toBe(reference.rows);
    expect(example.requests.some((url) => url.endsWith('.wasm'))).toBe(true);
    expect(example.foreign()).toEqual([]);
    expect(example.problems).toEqual([]);
    expect(server!.missing).toEqual([]);
    await example.context.close();
  });

  it('runs the example page from the vite dev server', async () => {
    const dev = await startDevServer(dir);
    try {
      const example = await openExample(browser!, dev.origin, `${dev.origin}/`);
      const out = await runExample(example, traces);
      expect(summaryOf(out)).toEqual(reference);
      expect(example.foreign()).toEqual([]);
      expect(example.problems).toEqual([]);
      await example.context.close();
    } finally {
      dev.child.kill('SIGTERM');
    }
  });
  it('rejects open() with the setting to add when the dev server runs without it', async () => {
    // A page of its own, served by the dev server with no vite.config.js: tracesift is pre-bundled.
    const app = join(dir, 'no-setting');
    mkdirSync(app);
    writeFileSync(join(app, 'index.html'), NO_SETTING_PAGE);
    writeFileSync(join(app, 'main.js'), NO_SETTING_MAIN);
    const dev = await startDevServer(dir, 'no-setting');
    try {
      const context = await browser!.newContext();
      const page = await context.newPage();
      await page.goto(`${dev.origin}/`);
      const out = page.locator('#out[data-done]');
      await out.waitFor({ timeout: 180_000 });
      const seen = JSON.parse((await out.textContent()) ?? 'null') as {
        code: string;
        message: string;
        details: Record<string, unknown>;
      };
      expect(seen.code).toBe('worker_failed');
      expect(['worker', 'wasm']).toContain(seen.details['asset']);
      expect(String(seen.details['url'])).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      expect(typeof seen.details['status']).toBe('number');
      expect(typeof seen.details['content_type']).toBe('string');
      expect(seen.details['hint']).toContain("optimizeDeps: { exclude: ['tracesift'] }");
      expect(seen.message).toContain(String(seen.details['url']));
      await context.close();
    } finally {
      dev.child.kill('SIGTERM');
    }
  });

  it("runs the README's Vite quick start as printed, built by vite", async () => {
    const app = join(dir, 'readme-app');
    mkdirSync(app);
    writeReadmeFiles(installedReadme(dir), app, ['index.html', 'main.js', 'vite.config.js']);
    run(process.execPath, ['../node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], app);
    const served = await serveFolder(join(app, 'dist'));
    try {
      const example = await openExample(browser!, served.origin, `${served.origin}/`);
      await example.page.setInputFiles('#file', traces);
      const out = example.page.locator('#out[data-done]');
      await out.waitFor({ timeout: 180_000 });
      const shown = JSON.parse((await out.textContent()) ?? 'null') as {
        imported: number;
        models: { value: string | null; count: number }[];
      };
      expect(shown.imported).toBe(reference.imported);
      // The same model counts as the repository's CLI gives on the reference database.
      const facets = JSON.parse(
        run(
          process.execPath,
          [
            join(ROOT, 'dist/cli/tracesift.js'),
            'facets',
            '--db',
            join(workDir, 'reference.db'),
            '--query',
            'kind:llm_call',
          ],
          workDir,
        ),
      ) as { facets: { model: unknown[] } };
      expect(shown.models).toEqual(facets.facets.model);
      expect(shown.models.length).toBeGreaterThan(0);
      expect(example.foreign()).toEqual([]);
      expect(example.problems).toEqual([]);
      await example.context.close();
    } finally {
      await served.close();
    }
  });
});
