// The tarball installed (npm --prefer-offline) into a fresh folder served statically, no bundler: the page of
// docs/examples/browser/plain.html loads the package from node_modules through an import map and
// runs the example; then the client's guarantees (tests/common/client_guarantees.mjs) are checked
// through Chromium's module Web Worker.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.mjs';
import { expectGuarantees } from '../common/expect_guarantees.js';
import { openExample, runExample } from './page.js';
import { copyExample, ROOT, scratchProject } from './scratch.js';
import { serveFolder, type StaticServer } from './static_server.js';

const { workDir, tarball, traces, bigTraces, reference } = inject('pack');

const summaryOf = (out: Record<string, unknown>) =>
  Object.fromEntries(Object.keys(reference).map((k) => [k, out[k]])) as unknown as typeof reference;

/**
 * Runs observeGuarantees in the page. The crashing worker is a module worker (from a blob: URL)
 * that runs the package's own worker.js and throws, answering nothing more, at CRASH_QUERY.
 */
const GUARANTEES_IN_PAGE = `(async () => {
  const { open, TraceSiftError } = await import('tracesift');
  const { observeGuarantees, CRASH_QUERY } = await import('./client_guarantees.mjs');
  const workerUrl = new URL('./node_modules/tracesift/dist/worker/src/worker.js', location.href).href;
  const crashing = [
    'import ' + JSON.stringify(workerUrl) + ';',
    'const answer = self.onmessage;',
    'let dead = false;',
    'self.onmessage = (event) => {',
    '  if (dead) return;',
    '  if (event.data.type === "count" && event.data.args[0] === ' + JSON.stringify(CRASH_QUERY) + ') {',
    '    dead = true;',
    '    throw new Error("the engine worker crashed (on purpose)");',
    '  }',
    '  answer(event);',
    '};',
  ].join('\\n');
  const crashingWorker = () =>
    new Worker(URL.createObjectURL(new Blob([crashing], { type: 'text/javascript' })), { type: 'module' });
  const missingWorker = () => new Worker('./no_such_worker.js', { type: 'module' });
  const traces = await (await fetch('./big.jsonl')).blob();
  return observeGuarantees({ open, TraceSiftError, crashingWorker, missingWorker, traces });
})()`;

describe('the package from a plain <script type="module"> page', () => {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    const dir = scratchProject(workDir, 'plain-page', [tarball]);
    copyExample(dir, 'browser/plain.html', 'index.html');
    copyExample(dir, 'browser/main.js');
    copyFileSync(join(ROOT, 'tests/common/client_guarantees.mjs'), join(dir, 'client_guarantees.mjs'));
    copyFileSync(bigTraces, join(dir, 'big.jsonl'));
    server = await serveFolder(dir);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('runs the example from node_modules through an import map', async () => {
    const example = await openExample(browser!, server!.origin, `${server!.origin}/`);
    const out = await runExample(example, traces);
    expect(summaryOf(out)).toEqual(reference);
    expect(out['exported_lines']).toBe(reference.rows);
    expect(example.requests).toContain(`${server!.origin}/node_modules/tracesift/dist/wasm/tracesift_engine.wasm`);
    expect(example.foreign()).toEqual([]);
    expect(example.problems).toEqual([]);
    expect(server!.missing).toEqual([]);
    await example.context.close();
  });

  it("keeps the client's guarantees through Chromium's module worker", async () => {
    const example = await openExample(browser!, server!.origin, `${server!.origin}/`);
    const seen = await example.page.evaluate(GUARANTEES_IN_PAGE);
    expectGuarantees(seen as Record<string, unknown>);
    expect(example.foreign()).toEqual([]);
    await example.context.close();
  });
});
