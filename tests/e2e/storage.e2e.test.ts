// The saved database in a real browser (docs/STORAGE.md): Chromium on persistent profiles.
// Library level (the npm package served by bench/bench_server.mjs, so the test holds the worker):
// a reload and a browser restart keep every span (integrity_check ok); a worker terminated, or a
// tab closed, in the middle of an import leaves a sound database with every batch committed
// before; no room for a database falls back to memory with a notice naming the quota, and a quota
// running out mid-import fails the import clearly with the committed batches kept;
// a second tab cannot open the database. App level (dist/app): the storage badge, the
// second tab's message (it opens once the first tab closes), download the database and open it in
// a fresh profile, a file that is not a tracesift database refused with nothing changed, and the
// in-memory notice when OPFS is missing. No request leaves the page's origin.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveBench } from '../../bench/bench_server.mjs';
import { launchChromium, launchPersistentChromium } from '../../scripts/chromium.mjs';
import { ROOT, foreignRequests, startPreview, type Preview } from './harness.js';
import { batchBoundaries } from '../common/batch_boundaries.js';

/** Spans of the generated import file (63,000-odd records: 5% of spans arrive twice). */
const SPANS = 60_000;
/** Records per import batch in OPFS (OPFS_TUNING.import_batch_size: one transaction each). */
const BATCH = 25_000;
const DATA = join(ROOT, `tests/out/storage-${SPANS}.jsonl`);

const poll = <T>(fn: () => T | Promise<T>, timeout?: number) => expect.poll(fn, { timeout, interval: 50 });

/** The library page: the package's client on the saved database, with the worker in reach. */
const LIBRARY_PAGE = `<!doctype html><meta charset="utf-8"><title>tracesift storage e2e</title>
<script type="module">
  import { open } from '/web/src/index.js';
  let worker = null;
  // The engine's worker, or (stopping) a worker that halts at a known point of an import: the
  // first write to the database file after the journal was synced, once a batch has committed.
  // There a batch's transaction has put its undo log in the journal (hot) and started changing the
  // database file: the hardest place to be stopped. The worker says so and waits to be terminated.
  const makeWorker = (stopping) => () => {
    if (!stopping) return (worker = new Worker('/worker/src/worker.js', { type: 'module' }));
    const source = \`
      const FILE = '/tracesift.db';
      const fileOf = (handle) => {
        const head = new Uint8Array(4096);
        handle.read(head, { at: 0 });
        const length = new DataView(head.buffer).getUint32(20, true);
        return new TextDecoder().decode(head.subarray(24, 24 + Math.min(length, 1000)));
      };
      let committed = false;
      let journalSynced = false;
      const post = self.postMessage.bind(self);
      self.postMessage = (message, transfer) => {
        if (message && message.ok && message.result && message.result.imported > 0) committed = true;
        return post(message, transfer);
      };
      const P = FileSystemSyncAccessHandle.prototype;
      const flush = P.flush;
      const write = P.write;
      P.flush = function () {
        flush.call(this);
        if (committed && fileOf(this) === FILE + '-journal') journalSynced = true;
      };
      P.write = function (buffer, options) {
        const n = write.call(this, buffer, options);
        if (journalSynced && fileOf(this) === FILE) {
          post({ stoppedAt: 'first database write after the journal sync' });
          for (;;) {}
        }
        return n;
      };
    \`;
    // Modules run in import order: the patches are in place before the worker module starts.
    const blob = (text) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
    const entry = \`import '\${blob(source)}'; import '\${location.origin}/worker/src/worker.js';\`;
    worker = new Worker(blob(entry), { type: 'module' });
    worker.addEventListener('message', (e) => {
      if (e.data && e.data.stoppedAt) window.stoppedAt = e.data.stoppedAt;
    });
    return worker;
  };
  window.tsOpen = async (tuning, stopping = false) => {
    try {
      window.ts = await open({ storage: 'opfs', worker: makeWorker(stopping), ...(tuning ? { tuning } : {}) });
      return { storage: window.ts.storage };
    } catch (e) {
      return { code: e.code, message: e.message };
    }
  };
  window.terminateWorker = () => worker.terminate();
  window.tsImportAll = async () => {
    const blob = await (await fetch('/data.jsonl')).blob();
    try {
      return { imported: (await window.ts.importFile(blob, { fileName: 'data.jsonl' })).imported };
    } catch (e) {
      return { code: e.code, message: e.message, details: e.details };
    }
  };
  window.tsState = async () => ({ count: await window.ts.count(), check: await window.ts.checkDatabase() });
  // Imports /data.jsonl; window.progress is the spans committed so far.
  window.tsImport = () => {
    window.progress = 0;
    window.importing = (async () => {
      const blob = await (await fetch('/data.jsonl')).blob();
      return window.ts.importFile(blob, {
        fileName: 'data.jsonl',
        onProgress: (p) => (window.progress = p.imported),
      });
    })().then((r) => r.imported, (e) => e.code);
  };
  // True when the pool holds a journal SQLite must roll back (docs/STORAGE.md: a slot's header
  // names its file; the journal's data starts with SQLite's journal magic when it is hot).
  window.hotJournal = async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('tracesift-pool');
    for await (const handle of dir.values()) {
      const head = new Uint8Array(await (await handle.getFile()).slice(0, 4104).arrayBuffer());
      if (head.length < 4104 || new TextDecoder().decode(head.subarray(0, 8)) !== 'tsfpool1') continue;
      const length = new DataView(head.buffer).getUint32(20, true);
      if (new TextDecoder().decode(head.subarray(24, 24 + length)) !== '/tracesift.db-journal') continue;
      const magic = [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];
      return magic.every((b, i) => head[4096 + i] === b);
    }
    return false;
  };
  window.ready = true;
</script>`;

interface Profile {
  dir: string;
  context: BrowserContext;
  requests: string[];
  problems: string[];
}

async function launch(dir: string): Promise<Profile> {
  const context = await launchPersistentChromium(dir, { viewport: { width: 1280, height: 800 } });
  const requests: string[] = [];
  const problems: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  context.on('page', (page) => page.on('pageerror', (e) => problems.push(`page error: ${e.message}`)));
  return { dir, context, requests, problems };
}

async function libraryPage(profile: Profile, origin: string): Promise<Page> {
  const page = profile.context.pages()[0] ?? (await profile.context.newPage());
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  return page;
}

type Win = Window & {
  tsOpen: (
    tuning?: Record<string, number>,
    stopping?: boolean,
  ) => Promise<{
    storage?: { storage: string; persistent: boolean; notice?: string };
    code?: string;
    message?: string;
  }>;
  tsState: () => Promise<{ count: number; check: { ok: boolean; report: string } }>;
  tsImport: () => void;
  terminateWorker: () => void;
  progress: number;
  stoppedAt?: string;
  importing: Promise<number | string>;
  hotJournal: () => Promise<boolean>;
  tsImportAll: () => Promise<{
    imported?: number;
    code?: string;
    message?: string;
    details?: { sqlite_code?: number };
  }>;
};
/** Whether the pool holds a hot journal (retried while the dead worker's handles close). */
async function hotJournal(page: Page): Promise<boolean> {
  for (let i = 0; ; i++) {
    try {
      return await page.evaluate(() => (window as unknown as Win).hotJournal());
    } catch (e) {
      if (i >= 20) throw e;
      await page.waitForTimeout(200);
    }
  }
}
const openDb = (page: Page, tuning?: Record<string, number>, stopping = false) =>
  page.evaluate(([t, s]) => (window as unknown as Win).tsOpen(t, s), [tuning, stopping] as const);
const state = (page: Page) => page.evaluate(() => (window as unknown as Win).tsState());

describe('the saved database (library, Chromium, persistent profile)', () => {
  let server: { port: number; close: () => void };
  let origin = '';
  let profile: Profile | undefined;
  let boundaries: number[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    if (!existsSync(DATA)) {
      mkdirSync(join(ROOT, 'tests/out'), { recursive: true });
      execFileSync(process.execPath, ['bench/generate.mjs', '--spans', String(SPANS), '--seed', '7', '--out', DATA], {
        cwd: ROOT,
      });
    }
    boundaries = batchBoundaries(DATA, BATCH);
    expect(boundaries.length).toBeGreaterThan(3); // 0, two whole batches, the end
    server = await serveBench({ page: LIBRARY_PAGE, file: DATA });
    origin = `http://127.0.0.1:${server.port}`;
  });

  afterAll(async () => {
    await profile?.context.close().catch(() => undefined);
    server?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const fresh = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracesift-profile-'));
    dirs.push(dir);
    profile = await launch(dir);
    return profile;
  };
  const expectLocal = (p: Profile) => {
    expect(foreignRequests(p.requests, origin)).toEqual([]);
    expect(p.problems).toEqual([]);
  };

  it('keeps every span across a reload and a browser restart', async () => {
    const p = await fresh();
    let page = await libraryPage(p, origin);
    expect((await openDb(page)).storage).toEqual({ storage: 'opfs', persistent: true });
    await page.evaluate(() => (window as unknown as Win).tsImport());
    expect(await page.evaluate(() => (window as unknown as Win).importing)).toBe(SPANS);
    expect(await state(page)).toEqual({ count: SPANS, check: { ok: true, report: 'ok' } });

    await page.reload();
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    expect((await openDb(page)).storage?.storage).toBe('opfs');
    expect(await state(page)).toEqual({ count: SPANS, check: { ok: true, report: 'ok' } });
    expectLocal(p);

    await p.context.close();
    profile = await launch(p.dir);
    page = await libraryPage(profile, origin);
    expect((await openDb(page)).storage?.storage).toBe('opfs');
    expect(await state(page)).toEqual({ count: SPANS, check: { ok: true, report: 'ok' } });

    // A second tab of the same browser cannot open the database while this one has it.
    const second = await profile.context.newPage();
    await second.goto(`${origin}/`);
    await second.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    const refused = await openDb(second);
    expect(refused.code).toBe('locked');
    expect(refused.message).toMatch(/open in another tab/);
    expect((await state(page)).count).toBe(SPANS);
    // A second open in the tab that has it says that this page holds it, not another tab.
    const again = await openDb(page);
    expect(again.code).toBe('locked');
    expect(again.message).toMatch(/^this page already has the saved database open/);
    expect((await state(page)).count).toBe(SPANS);
    expectLocal(profile);
    await profile.context.close();
    profile = undefined;
  });

  it('a worker terminated mid-import leaves a sound database with every committed batch', async () => {
    // Stopped at a known point (the page's stopping worker): the first write to the database file
    // after the journal was synced, once the first batch has committed. With the shipped settings
    // that is inside the second batch's commit; with a small page cache SQLite spills pages before
    // the commit, so it is in the middle of the second batch's inserts. Either way the journal is
    // hot and the database file half-changed, and the next open must roll the batch back.
    for (const tuning of [undefined, { cache_size_kib: 1024 }]) {
      const p = await fresh();
      const page = await libraryPage(p, origin);
      expect((await openDb(page, tuning, true)).storage?.storage).toBe('opfs');
      await page.evaluate(() => (window as unknown as Win).tsImport());
      await poll(() => page.evaluate(() => (window as unknown as Win).stoppedAt), 120_000).toBeDefined();
      expect(await page.evaluate(() => (window as unknown as Win).progress)).toBe(boundaries[1]);
      await page.evaluate(() => (window as unknown as Win).terminateWorker());
      expect(await hotJournal(page)).toBe(true);
      // A new worker (the old one's lock and handles are gone with it) opens what was left.
      expect((await openDb(page, tuning)).storage?.storage).toBe('opfs');
      expect(await state(page)).toEqual({ count: boundaries[1], check: { ok: true, report: 'ok' } });
      expect(await hotJournal(page)).toBe(false); // rolled back on open
      // And the same database takes the whole file afterwards.
      expect(await page.evaluate(() => (window as unknown as Win).tsImportAll())).toEqual({
        imported: SPANS - boundaries[1]!,
      });
      expect(await state(page)).toEqual({ count: SPANS, check: { ok: true, report: 'ok' } });
      expectLocal(p);
      await p.context.close();
      profile = undefined;
    }
  });

  it('a storage quota running out mid-import fails it clearly and keeps the committed batches', async () => {
    const p = await fresh();
    const page = await libraryPage(p, origin);
    // No room for a database at all (Chromium's quota for this origin, through CDP): memory, and why.
    const cdp = await p.context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 10_000 });
    const fallback = (await openDb(page)).storage;
    expect(fallback).toMatchObject({ storage: 'memory', persistent: false });
    expect(fallback?.notice).toMatch(/storage quota for this site is exhausted.*nothing will be saved/);
    // Room for the first batch, not the second.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 45e6 });
    expect((await openDb(page)).storage?.storage).toBe('opfs');
    const failed = await page.evaluate(() => (window as unknown as Win).tsImportAll());
    expect(failed.code).toBe('storage');
    expect(failed.details?.sqlite_code).toBe(13); // SQLITE_FULL
    expect(failed.message).toMatch(/storage quota for this site is exhausted.*QuotaExceededError/);
    const after = await state(page);
    expect(after.check).toEqual({ ok: true, report: 'ok' });
    expect(after.count).toBe(boundaries[1]);
    // With room again the same database takes the rest.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    expect((await page.evaluate(() => (window as unknown as Win).tsImportAll())).code).toBeUndefined();
    expect(await state(page)).toEqual({ count: SPANS, check: { ok: true, report: 'ok' } });
    expectLocal(p);
    await p.context.close();
    profile = undefined;
  });

  it('a tab closed mid-import leaves a sound database with every committed batch', async () => {
    const p = await fresh();
    const page = await libraryPage(p, origin);
    await openDb(page);
    await page.evaluate(() => (window as unknown as Win).tsImport());
    await poll(() => page.evaluate(() => (window as unknown as Win).progress)).toBeGreaterThan(0);
    const committed = await page.evaluate(() => (window as unknown as Win).progress);
    await page.close();
    const reopened = await p.context.newPage();
    await reopened.goto(`${origin}/`);
    await reopened.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    expect((await openDb(reopened)).storage?.storage).toBe('opfs');
    const after = await state(reopened);
    expect(after.check).toEqual({ ok: true, report: 'ok' });
    expect(after.count).toBeGreaterThanOrEqual(committed);
    expect(boundaries).toContain(after.count); // whole batches only
    expectLocal(p);
    await p.context.close();
    profile = undefined;
  });
});

const countValue = async (page: Page) =>
  Number(((await page.getByTestId('span-count').textContent()) ?? '').replace(/[^0-9]/g, '') || 'NaN');
const status = (page: Page) => page.getByTestId('status').textContent();
const badge = (page: Page) => page.getByTestId('storage-badge').textContent();

describe('the saved database in the app (Chromium)', () => {
  let server: Preview | undefined;
  let origin = '';
  const contexts: BrowserContext[] = [];
  const dirs: string[] = [];
  const requests: string[] = [];
  let downloaded = '';
  let saved = 0;

  beforeAll(async () => {
    server = await startPreview();
    origin = server.origin;
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await server?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const profile = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracesift-app-profile-'));
    dirs.push(dir);
    const context = await launchPersistentChromium(dir, { viewport: { width: 1280, height: 800 } });
    context.on('request', (r) => requests.push(r.url()));
    contexts.push(context);
    return context;
  };
  const appPage = async (context: BrowserContext, page?: Page) => {
    const p = page ?? (await context.newPage());
    await p.goto(`${origin}/`);
    return p;
  };

  it('says where the data lives; a second tab waits with a clear message and never writes', async () => {
    const context = await profile();
    const first = await appPage(context, context.pages()[0]);
    await poll(() => badge(first)).toBe('Saved in this browser');
    await poll(() => status(first)).toMatch(/^Imported [\d,]+ spans from sample-traces\.jsonl/);
    // The count is read again after the import commits: wait for it to show what was imported.
    const samples = Number(/^Imported ([\d,]+)/.exec((await status(first)) ?? '')![1]!.replace(/,/g, ''));
    expect(samples).toBeGreaterThan(0);
    await poll(() => countValue(first)).toBe(samples);

    const second = await appPage(context);
    await poll(() => second.getByTestId('lock-notice').textContent()).toMatch(/open in another tab/);
    expect(await second.getByTestId('file-input').isDisabled()).toBe(true);
    expect(await second.getByTestId('open-db-input').isDisabled()).toBe(true);

    // The first tab goes on writing.
    await first.getByTestId('file-input').setInputFiles({
      name: 'one.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(
        JSON.stringify({ span_id: 'one', trace_id: 't', name: 'one', started_at: '2020-01-01T00:00:00Z' }),
      ),
    });
    await poll(() => countValue(first)).toBe(samples + 1);
    saved = samples + 1;

    // Once the first tab is closed the second one opens the same data (no samples imported again).
    await first.close();
    await poll(() => badge(second)).toBe('Saved in this browser');
    await poll(() => countValue(second)).toBe(saved);
    expect(await second.getByTestId('lock-notice').count()).toBe(0);
    await second.reload();
    await poll(() => countValue(second)).toBe(saved);
    await second.getByTestId('check-db').click();
    await poll(() => status(second)).toBe('Database check: ok.');

    const download = second.waitForEvent('download');
    await second.getByTestId('download-db').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('tracesift.sqlite');
    downloaded = join(dirs[0], 'downloaded.sqlite');
    await file.saveAs(downloaded);
    expect(foreignRequests(requests, origin)).toEqual([]);
  });

  it('opens a downloaded database in a fresh profile, and refuses a file that is not one', async () => {
    expect(downloaded).not.toBe('');
    const context = await profile();
    const page = await appPage(context, context.pages()[0]);
    await poll(() => status(page)).toMatch(/^Imported [\d,]+ spans from sample-traces\.jsonl/);
    await page.getByTestId('open-db-input').setInputFiles(downloaded);
    await poll(() => status(page)).toBe(`Opened downloaded.sqlite: ${saved.toLocaleString('en-US')} spans.`);
    await poll(() => countValue(page)).toBe(saved);
    await page.getByTestId('check-db').click();
    await poll(() => status(page)).toBe('Database check: ok.');

    const notes = join(dirs[dirs.length - 1], 'notes.sqlite');
    writeFileSync(notes, 'these are my notes, not a database\n'.repeat(100));
    await page.getByTestId('open-db-input').setInputFiles(notes);
    await poll(() => status(page)).toMatch(/^notes\.sqlite was not opened: the file is not a SQLite database/);
    expect(await status(page)).toMatch(/The current database is unchanged\.$/);
    expect(await countValue(page)).toBe(saved);
    // What is stored is still the opened database, after a reload too.
    await page.reload();
    await poll(() => countValue(page)).toBe(saved);
    expect(foreignRequests(requests, origin)).toEqual([]);
  });

  it('falls back to memory with a visible notice when OPFS is missing', async () => {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext();
      context.on('request', (r) => requests.push(r.url()));
      // The worker script is served without OPFS: as in a browser or window that has none.
      await context.route(/\/assets\/worker-[^/]*\.js$/, async (route) => {
        const response = await route.fetch();
        const body = `delete StorageManager.prototype.getDirectory;\n${await response.text()}`;
        await route.fulfill({ response, body });
      });
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      await poll(() => badge(page)).toBe('In memory: nothing will be saved');
      expect(await page.getByTestId('storage-notice').textContent()).toMatch(
        /cannot be saved in this browser.*nothing will be saved/,
      );
      await poll(() => status(page)).toMatch(/^Imported [\d,]+ spans from sample-traces\.jsonl/);
      await poll(() => countValue(page)).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
    expect(foreignRequests(requests, origin)).toEqual([]);
  });
});
