// The app in a real browser: sample traces on first load, importing a file through the file input,
// the import report, the facet dropdowns, the query box (and its inline parse errors), sorting,
// the virtual table, untrusted content rendered as text, and no request leaving the app's origin.
// (inferences.e2e.test.ts covers the virtual table, the drawer and the charts at scale, and writes
// the inferences.png screenshot.)
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignRequests, openApp, showPage, type Preview } from './harness.js';

const E2E_FILE = 'e2e-traces.jsonl';
const E2E_MODEL = 'e2e-model-x';
const XSS_NAME = '<img src=x onerror="window.__pwned=1">';

/** A native span line of the e2e file. */
function span(id: string, name: string, minute: number): string {
  return JSON.stringify({
    span_id: id,
    trace_id: 'e2e-trace',
    name,
    kind: 'llm_call',
    model: E2E_MODEL,
    provider: 'openai',
    // Old timestamps keep these spans off the first page of the unfiltered list.
    started_at: `2020-01-01T00:0${minute}:00.000000001Z`,
    ended_at: `2020-01-01T00:0${minute}:01.5Z`,
    input_tokens: 100,
    output_tokens: 20,
    cost_usd: 0.0007,
  });
}

/** Three valid spans (one with an HTML-looking name) and a malformed line 2. */
const E2E_JSONL = [
  span('e2e-1', XSS_NAME, 1),
  '{"span_id": "e2e-broken", "trace_id": ',
  span('e2e-2', 'e2e second call', 2),
  span('e2e-3', 'e2e third call', 3),
].join('\n');

const rows = (page: Page) => page.locator('[data-testid="span-row"]');
const countText = async (page: Page) => (await page.getByTestId('span-count').textContent()) ?? '';
const countValue = async (page: Page) => Number((await countText(page)).replace(/[^0-9]/g, '') || 'NaN');

describe('tracesift app in Chromium', () => {
  let server: Preview | undefined;
  let origin = '';
  let browser: Browser | undefined;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    ({ server, origin, browser, page } = await openApp({ requests, problems }));
    await page.goto(`${origin}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the engine and shows the sample traces on first load', async () => {
    expect(await page.locator('header h1').textContent()).toBe('tracesift');
    // The sample import's report is on the Import page (hidden): attached is enough.
    await page.getByTestId('import-report').waitFor({ state: 'attached' });
    await expect.poll(() => countValue(page)).toBeGreaterThan(0);
    await expect.poll(() => rows(page).count()).toBeGreaterThan(0);
    const total = await countValue(page);
    // The virtual table holds the rows in view, not all of them.
    expect(await rows(page).count()).toBeLessThan(Math.min(total, 100));
    expect(
      await page
        .getByRole('banner')
        .getByText(/^engine /)
        .textContent(),
    ).toMatch(/^engine \d+\.\d+\.\d+/);
    expect(await page.getByTestId('status').textContent()).toMatch(/^Imported [\d,]+ spans from sample-traces\.jsonl/);
    expect(await page.getByTestId('import-report').textContent()).toContain('sample-traces.jsonl');
    // The facet dropdowns list the imported values with their counts.
    await expect.poll(() => page.locator('[data-testid="facet-model"] option').count()).toBeGreaterThan(1);
    const statusCounts = await page.locator('[data-testid="facet-status"] option').allTextContents();
    const sum = statusCounts.slice(1).reduce((n, text) => n + Number(text.split(' · ')[1].replace(/,/g, '')), 0);
    expect(sum).toBe(total);
  });

  it('scrolls the virtual table to its last row', async () => {
    const total = await countValue(page);
    const table = page.getByTestId('span-table');
    await table.focus();
    await page.keyboard.press('End');
    const last = () => rows(page).last().getAttribute('aria-rowindex');
    // Row indexes count the header as row 1.
    await expect.poll(last).toBe(String(total + 1));
    await page.keyboard.press('Home');
    await expect.poll(() => rows(page).first().getAttribute('aria-rowindex')).toBe('2');
  });

  it('lights up the drop zone while files are dragged and imports a dropped file', async () => {
    const before = await countValue(page);
    await showPage(page, 'import');
    const dropZone = page.getByTestId('drop-zone');
    expect(await dropZone.getAttribute('data-dragging')).toBe('false');
    // A synthetic drag of a real File, as the browser would dispatch it over the page.
    await page.evaluate(() => {
      const line = JSON.stringify({
        span_id: 'e2e-dropped',
        trace_id: 'e2e',
        name: 'dropped span',
        started_at: '2020-01-01T00:00:00Z',
      });
      const data = new DataTransfer();
      data.items.add(new File([line + '\n'], 'dropped.jsonl'));
      (window as unknown as { __drag: DataTransfer }).__drag = data;
      document.body.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => dropZone.getAttribute('data-dragging')).toBe('true');
    await page.evaluate(() => {
      const data = (window as unknown as { __drag: DataTransfer }).__drag;
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => dropZone.getAttribute('data-dragging')).toBe('false');
    const report = page.getByTestId('import-report');
    await expect.poll(() => report.textContent()).toContain('dropped.jsonl');
    expect(await report.locator('[data-stat="imported"]').textContent()).toBe('1 imported');
    await expect.poll(() => countValue(page)).toBe(before + 1);
  });

  it('imports a file through the file input and reports the bad line', async () => {
    const before = await countValue(page);
    await page.getByTestId('file-input').setInputFiles({
      name: E2E_FILE,
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(E2E_JSONL),
    });
    const report = page.getByTestId('import-report');
    await expect.poll(() => report.textContent()).toContain(E2E_FILE);
    expect(await report.locator('[data-stat="imported"]').textContent()).toBe('3 imported');
    expect(await report.locator('[data-stat="errors"]').textContent()).toBe('1 error');
    const errors = report.getByTestId('import-error');
    expect(await errors.count()).toBe(1);
    expect(await errors.first().textContent()).toContain(`${E2E_FILE}:2`);
    await expect.poll(() => countValue(page)).toBe(before + 3);
  });

  it('filters by model', async () => {
    await showPage(page, 'inferences');
    await page.getByTestId('facet-model').selectOption(E2E_MODEL);
    await expect.poll(() => rows(page).count()).toBe(3);
    await expect.poll(() => countText(page)).toBe('3');
    for (const model of await rows(page).locator('td[data-cell="model"]').allTextContents())
      expect(model).toBe(E2E_MODEL);
  });

  it('renders untrusted span names as text', async () => {
    const row = page.locator('[data-span-id="e2e-1"]');
    expect(await row.locator('td[data-cell="name"]').textContent()).toBe(XSS_NAME);
    expect(await page.getByTestId('span-table').locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });

  it('goes back to all models', async () => {
    await page.getByTestId('facet-model').selectOption('');
    await expect.poll(() => countValue(page)).toBeGreaterThan(3);
  });

  it('filters with the query language', async () => {
    const query = page.getByTestId('query-input');
    await query.fill(`model:${E2E_MODEL} -name:third cost>=0.0007`);
    await query.press('Enter');
    await expect.poll(() => countText(page)).toBe('2');
    expect((await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-span-id')))).sort()).toEqual([
      'e2e-1',
      'e2e-2',
    ]);
    // The model dropdown counts under the other conditions: the e2e model has its 2 spans.
    await expect
      .poll(() => page.locator(`[data-testid="facet-model"] option[value="${E2E_MODEL}"]`).textContent())
      .toBe(`${E2E_MODEL} · 2`);
  });

  it('narrows by minimum tokens and start time as the query language would', async () => {
    const query = page.getByTestId('query-input');
    const count = page.getByTestId('span-count');
    // The count once the page has answered exactly this engine query (the typed query, then the
    // terms of the inputs, as web/app/src/features/inferences/filterState.ts composes them).
    const countFor = async (engineQuery: string) => {
      await expect.poll(() => count.getAttribute('data-filter')).toBe(JSON.stringify(engineQuery));
      return countValue(page);
    };
    const since = await page.evaluate(() => new Date('2025-05-20T00:00').toISOString());
    await query.fill(`tokens>=200 since:${since}`);
    await query.press('Enter');
    const expected = await countFor(`tokens>=200 since:${since}`);
    await query.fill('');
    await query.press('Enter');
    const all = await countFor('');
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(all);
    await page.getByTestId('filter-min-tokens').fill('200');
    await page.getByTestId('filter-min-tokens').press('Tab');
    await page.getByTestId('filter-since').fill('2025-05-20T00:00');
    await page.getByTestId('filter-since').press('Tab');
    expect(await countFor(`since:${since} tokens>=200`)).toBe(expected);
    await page.getByTestId('filter-min-tokens').fill('');
    await page.getByTestId('filter-min-tokens').press('Tab');
    await page.getByTestId('filter-since').fill('');
    await page.getByTestId('filter-since').press('Tab');
    expect(await countFor('')).toBe(all);
  });

  it('points at the character where a query fails, and recovers', async () => {
    const query = page.getByTestId('query-input');
    await query.fill('model:gpt-4o cost>>1');
    await query.press('Enter');
    const error = page.getByTestId('query-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/character 19/);
    expect(await error.locator('pre').textContent()).toBe(`model:gpt-4o cost>>1\n${' '.repeat(18)}^`);
    expect(await query.getAttribute('aria-invalid')).toBe('true');
    expect(await rows(page).count()).toBe(0);
    await query.fill('');
    await query.press('Enter');
    await expect.poll(() => error.count()).toBe(0);
    await expect.poll(() => countValue(page)).toBeGreaterThan(3);
  });

  it('sorts by cost, largest first, then smallest first with unknown costs last', async () => {
    const costs = async () =>
      (
        await rows(page)
          .locator('td:nth-child(8)')
          .evaluateAll((tds) => tds.map((td) => td.getAttribute('title')))
      ).map((title) => (title === null ? null : Number(title.slice(1))));
    await page.getByTestId('sort-cost').click();
    await expect.poll(() => page.locator('th[aria-sort="descending"]').textContent()).toContain('Cost');
    // The heading changes at once; the rows when the engine answers (later with the database in
    // OPFS): wait for the rows in view to be in the new order, largest first.
    const descending = (list: (number | null)[]) =>
      list.length > 0 && list[0] !== null && list.every((c, i) => i === 0 || c === null || c <= list[i - 1]!);
    await expect.poll(async () => descending(await costs())).toBe(true);
    const down = await costs();
    for (let i = 1; i < down.length; i++) if (down[i] !== null) expect(down[i - 1]!).toBeGreaterThanOrEqual(down[i]!);
    await page.getByTestId('sort-cost').click();
    await expect.poll(() => page.locator('th[aria-sort="ascending"]').textContent()).toContain('Cost');
    await expect.poll(async () => (await costs())[0]).not.toBe(down[0]);
    const up = await costs();
    for (let i = 1; i < up.length; i++) if (up[i] !== null) expect(up[i - 1]!).toBeLessThanOrEqual(up[i]!);
    await page.getByTestId('sort-time').click();
    await expect.poll(() => page.locator('th[aria-sort="descending"]').textContent()).toContain('Time');
  });

  it('imports an OTLP export (a real published file) with the format picker', async () => {
    const before = await countValue(page);
    const otlp = readFileSync(new URL('../fixtures/real/opentelemetry-proto/trace.json', import.meta.url));
    await showPage(page, 'import');
    await page.getByTestId('import-format').selectOption('otlp');
    await page
      .getByTestId('file-input')
      .setInputFiles({ name: 'trace.json', mimeType: 'application/json', buffer: otlp });
    const report = page.getByTestId('import-report');
    await expect.poll(() => report.textContent()).toContain('trace.json');
    expect(await report.textContent()).toContain('otlp');
    expect(await report.locator('[data-stat="imported"]').textContent()).toBe('1 imported');
    await expect.poll(() => countValue(page)).toBe(before + 1);
    await page.getByTestId('import-format').selectOption('auto');
    await showPage(page, 'inferences');
  });

  it('shows the empty state when the sample traces cannot be fetched', async () => {
    // A page with a database of its own (a fresh context: a second tab of the same one would wait
    // for the first, docs/STORAGE.md) whose sample request fails.
    const isolated = await browser!.newContext();
    isolated.on('request', (request) => requests.push(request.url()));
    const second = await isolated.newPage();
    try {
      await second.route('**/samples/**', (route) => route.fulfill({ status: 404, body: 'not here' }));
      await second.goto(`${origin}/`);
      const empty = second.getByTestId('empty-state');
      await expect.poll(() => empty.textContent()).toContain('The sample traces could not be loaded');
      expect(await empty.textContent()).toContain('HTTP 404');
      expect(await second.getByTestId('status').textContent()).toMatch(/^Sample traces unavailable/);
      expect(await second.getByTestId('span-count').textContent()).toBe('0');
      expect(await second.getByTestId('span-row').count()).toBe(0);
      // Importing still works afterwards.
      await second.getByTestId('file-input').setInputFiles({
        name: 'after-404.jsonl',
        mimeType: 'application/x-ndjson',
        buffer: Buffer.from(span('e2e-after-404', 'after 404', 4)),
      });
      await expect.poll(() => second.getByTestId('span-count').textContent()).toBe('1');
    } finally {
      await isolated.close();
    }
  });

  it('made every request to its own origin and logged no errors', () => {
    expect(requests.length).toBeGreaterThan(0);
    // The engine worker's .wasm fetch is among them, so worker requests were recorded too.
    expect(requests.some((url) => url.endsWith('.wasm'))).toBe(true);
    expect(foreignRequests(requests, origin)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
