// UI benchmark in headless Chromium (issue 7): the built app (dist/app) served by `vite preview`,
// on a fresh persistent profile (the database in OPFS, as a person's browser keeps it).
// 1. First meaningful paint with the sample data: time from navigation start to the first span row
//    in the DOM, on the first visit (engine start + the bundled samples fetched and imported) and on
//    reloads (the samples already stored). Also Chromium's first-contentful-paint.
// 2. With --spans FILE: imports FILE through the app's file input, then scrolls the virtualised
//    span table (jumps to 20 positions and wheel-scrolls), sorts, and changes the filter, while a
//    PerformanceObserver records the main thread's long tasks (> 50 ms): "never blocked" means none
//    of them, or only short ones; their count and the longest are reported, with the time for rows
//    to appear after each jump.
// Prints one JSON line. Usage: node bench/ui_chromium.mjs [--reps N] [--spans FILE]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchPersistentChromium } from '../scripts/chromium.mjs';
import { startPreview } from '../scripts/preview.mjs';

const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const reps = Number(option('--reps', '3'));
const spansFile = option('--spans', null);

// Runs in the page before its scripts: records when the first span row enters the DOM, and every
// long task of the main thread.
const INSTRUMENT = () => {
  const w = window;
  w.__bench = { firstRow: null, longTasks: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver((_, observer) => {
    if (w.__bench.firstRow === null && document.querySelector('[data-testid="span-row"]')) {
      w.__bench.firstRow = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
};

async function paintTimes(page) {
  await page.waitForFunction(() => window.__bench.firstRow !== null, null, { timeout: 60_000 });
  return page.evaluate(() => ({
    firstRowMs: Math.round(window.__bench.firstRow),
    fcpMs: Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN),
    longTasks: window.__bench.longTasks.length,
    longestTaskMs: Math.round(Math.max(0, ...window.__bench.longTasks.map((t) => t.duration))),
  }));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function firstPaint(origin) {
  const firstVisit = [];
  const reload = [];
  for (let r = 0; r < reps; r++) {
    const profile = mkdtempSync(join(tmpdir(), 'tracesift-ui-bench-'));
    const context = await launchPersistentChromium(profile, { viewport: { width: 1280, height: 800 } });
    try {
      await context.addInitScript(INSTRUMENT);
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${origin}/`);
      firstVisit.push(await paintTimes(page));
      // Wait until the sample import is stored before reloading.
      await page.waitForFunction(() =>
        /^Imported/.test(document.querySelector('[data-testid="status"]')?.textContent ?? ''),
      );
      for (let i = 0; i < 2; i++) {
        await page.reload();
        reload.push(await paintTimes(page));
      }
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  return {
    firstVisit: { medianFirstRowMs: median(firstVisit.map((x) => x.firstRowMs)), runs: firstVisit },
    reload: { medianFirstRowMs: median(reload.map((x) => x.firstRowMs)), runs: reload },
  };
}

async function scrolling(origin, file) {
  const profile = mkdtempSync(join(tmpdir(), 'tracesift-ui-bench-'));
  const context = await launchPersistentChromium(profile, { viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(INSTRUMENT);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${origin}/#/import`);
    await page.waitForFunction(() =>
      /^Imported/.test(document.querySelector('[data-testid="status"]')?.textContent ?? ''),
    );
    const t0 = Date.now();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.waitForFunction(
      (name) =>
        (document.querySelector('[data-testid="status"]')?.textContent ?? '').includes(name) &&
        /^Imported/.test(document.querySelector('[data-testid="status"]')?.textContent ?? ''),
      file.split('/').pop(),
      { timeout: 30 * 60_000, polling: 1000 },
    );
    const importSeconds = (Date.now() - t0) / 1000;
    const importLongTasks = await page.evaluate(() => window.__bench.longTasks.splice(0));
    await page.getByTestId('nav-inferences').click();
    const table = page.getByTestId('span-table');
    await table.waitFor();
    const total = Number(((await page.getByTestId('span-count').textContent()) ?? '').replace(/[^0-9]/g, ''));
    // The scroll container is the table's scrolling ancestor (or the table itself).
    const jumps = [];
    for (let i = 0; i < 20; i++) {
      const fraction = i === 19 ? 1 : (i * 0.37) % 1;
      const ms = await page.evaluate(async (f) => {
        const table = document.querySelector('[data-testid="span-table"]');
        let box = table;
        while (box && box.scrollHeight <= box.clientHeight + 1) box = box.parentElement;
        box = box ?? document.scrollingElement;
        const t = performance.now();
        box.scrollTop = f * (box.scrollHeight - box.clientHeight);
        // Rows are shown when no placeholder row is visible any more.
        for (;;) {
          await new Promise((r) => requestAnimationFrame(r));
          const loading = table.querySelector('.vt-placeholder');
          if (!loading && table.querySelector('[data-testid="span-row"]')) return performance.now() - t;
          if (performance.now() - t > 10_000) return NaN;
        }
      }, fraction);
      jumps.push(Math.round(ms));
    }
    const box = await table.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 300));
    for (let i = 0; i < 60; i++) await page.mouse.wheel(0, 400);
    await page.getByTestId('sort-cost').click();
    await page.waitForTimeout(500);
    const query = page.getByTestId('query-input');
    for (const text of ['status:failed', 'provider:openai', 'cost>0.01', '']) {
      await query.fill(text);
      await query.press('Enter');
      await page.waitForFunction(
        (t) => document.querySelector('[data-testid="span-count"]')?.getAttribute('data-filter') === JSON.stringify(t),
        text,
      );
    }
    const tasks = await page.evaluate(() => window.__bench.longTasks);
    return {
      spans: total,
      importSeconds,
      importLongTasks: importLongTasks.length,
      jumpMs: { median: median(jumps), max: Math.max(...jumps), all: jumps },
      longTasks: tasks.length,
      longestTaskMs: Math.round(Math.max(0, ...tasks.map((t) => t.duration))),
      longTaskMs: tasks.map((t) => Math.round(t.duration)),
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const server = await startPreview();
try {
  const result = { date: new Date().toISOString(), paint: await firstPaint(server.origin) };
  if (spansFile) result.scroll = await scrolling(server.origin, spansFile);
  console.log(JSON.stringify(result));
} finally {
  await server.stop();
}
