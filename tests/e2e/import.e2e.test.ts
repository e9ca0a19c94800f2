// The Import page in a real browser: two files picked at once (one with bad lines) and the per-file
// list, the report's rejected lines (file:line, field, message) as the client reports them for the
// same file (run here in node), untrusted content in error messages shown as text, the error report
// downloaded as CSV and JSONL and read back line by line (with the note when only the first 1,000
// of a file's errors are kept), and Cancel of a large import (~300k spans) while a second file
// waits: the ETA shows while it runs, the committed spans stay, the report says cancelled and the
// queued file was not imported. No request leaves the origin; no page or console error.
// Saves the screenshots import.png and import-running.png (screenshotPath).
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceSift } from '../../dist/web/src/client.js';
import type { ImportReport } from '../../dist/worker/src/types.js';
import { openInProcess } from '../node/in_process_worker.js';
import { foreignRequests, openApp, screenshotPath, showPage, type Preview } from './harness.js';

/** Markup that would run if rendered as HTML (no quotes: the engine's messages escape them). */
const XSS = '<img src=x onerror=window.__pwned=1>';
/** Spans of the large file the test cancels. */
const BIG_SPANS = 300_000;

/** expect.poll with room for a busy machine. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn);
/** A number as the app prints it. */
const shown = (n: number) => n.toLocaleString('en-US');
const numberIn = (text: string | null) => Number((text ?? '').replace(/[^0-9]/g, '') || 'NaN');

/** A valid native span line. */
function span(id: string, task: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    span_id: id,
    trace_id: `trace-${task}`,
    name: 'chat',
    kind: 'llm_call',
    status: 'completed',
    task,
    started_at: '2020-02-01T00:00:00Z',
    ended_at: '2020-02-01T00:00:01Z',
    ...extra,
  });
}

/** Three good spans. */
const GOOD = [span('imp-good-1', 'imp-good'), span('imp-good-2', 'imp-good'), span('imp-good-3', 'imp-good')];
/** Two good spans and four bad lines: broken JSON, a missing field, a bad kind echoing markup, a bad date. */
const BAD = [
  span('imp-bad-1', 'imp-bad'),
  '{"span_id": "imp-broken", ',
  JSON.stringify({ span_id: 'imp-no-trace', name: 'x', started_at: '2020-02-01T00:00:00Z' }),
  span('imp-bad-2', 'imp-bad', { kind: XSS }),
  span('imp-bad-3', 'imp-bad', { started_at: 'yesterday' }),
  span('imp-bad-4', 'imp-bad'),
];
const text = (lines: string[]) => lines.join('\n') + '\n';

/** The CSV the app writes: fields split, quotes undone (RFC 4180). */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') ((cell += '"'), i++);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(cell), (cell = ''));
    else if (c === '\r' && csv[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      ((row = []), (cell = ''), i++);
    } else cell += c;
  }
  return rows;
}

/** The field an engine message names ("field 'kind': ..."), as the report shows it. */
const fieldOf = (message: string) => /field '([^']+)'/.exec(message)?.[1] ?? '';

describe('import page in Chromium', () => {
  let server: Preview | undefined;
  let origin = '';
  let browser: Browser | undefined;
  let page: Page;
  /** The same files in node, through the client: what the page must agree with. */
  let reference: TraceSift;
  let badReport: ImportReport;
  let tmp = '';
  const requests: string[] = [];
  const problems: string[] = [];

  const report = () => page.getByTestId('import-report');
  const fileRows = () => page.getByTestId('import-file');
  const statuses = () => fileRows().evaluateAll((li) => li.map((l) => l.getAttribute('data-status')));
  const fileReport = (name: string) => report().locator(`li[data-file="${name}"]`);

  /** Downloads the error report in `format`; resolves to its text. */
  async function downloadErrors(format: 'csv' | 'jsonl'): Promise<{ name: string; text: string }> {
    await report().getByLabel('Error report format').selectOption(format);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      report().getByRole('button', { name: 'Download error report' }).click(),
    ]);
    expect(download.url().startsWith(`blob:${origin}/`)).toBe(true);
    return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
  }

  /** The Inferences count for `query`. */
  async function countOf(query: string): Promise<number> {
    await showPage(page, 'inferences');
    const box = page.getByTestId('query-input');
    await box.fill(query);
    await box.press('Enter');
    const count = page.getByTestId('span-count');
    await poll(() => count.getAttribute('data-filter')).toBe(JSON.stringify(query));
    const n = numberIn(await count.textContent());
    await showPage(page, 'import');
    return n;
  }

  beforeAll(async () => {
    ({ ts: reference } = await openInProcess());
    badReport = await reference.importFile(new Blob([text(BAD)]), { fileName: 'bad.jsonl' });
    tmp = mkdtempSync(join(tmpdir(), 'tracesift-import-e2e-'));

    ({ server, origin, browser, page } = await openApp({ requests, problems, acceptDownloads: true }));
    await page.goto(`${origin}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await reference?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('imports two files picked at once, with a per-file list and the rejected lines', async () => {
    expect(badReport.error_count).toBe(4);
    // The sample traces are imported on first start.
    await poll(() => page.getByTestId('status').textContent()).toMatch(/^Imported [\d,]+ spans/);
    await showPage(page, 'import');
    await page.getByTestId('file-input').setInputFiles([
      { name: 'good.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(text(GOOD)) },
      { name: 'bad.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(text(BAD)) },
    ]);
    await poll(statuses).toEqual(['done', 'done']);
    expect(await fileRows().locator('[data-cell="file"]').allTextContents()).toEqual(['good.jsonl', 'bad.jsonl']);
    expect(await page.getByTestId('import-file-counts').textContent()).toBe('2 files: 2 done');
    expect(await fileRows().nth(1).textContent()).toContain('2 imported · 4 errors');

    // Each file's counts, as the engine reports them.
    const good = fileReport('good.jsonl');
    expect(await good.locator('[data-stat="imported"]').textContent()).toBe('3 imported');
    expect(await good.locator('[data-stat="errors"]').textContent()).toBe('0 errors');
    const bad = fileReport('bad.jsonl');
    expect(await bad.locator('[data-stat="read"]').textContent()).toBe(`${shown(badReport.read)} read`);
    expect(await bad.locator('[data-stat="imported"]').textContent()).toBe(`${badReport.imported} imported`);
    expect(await bad.locator('[data-stat="errors"]').textContent()).toBe('4 errors');

    // The rejected lines: file:line, field, message — the client's, in order.
    const rows = bad.getByTestId('import-error');
    const shownRows = await rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    expect(shownRows).toEqual(
      badReport.errors.map((e) => [`${e.file}:${e.line}`, fieldOf(e.message) || '—', e.message]),
    );
    expect(shownRows.map((r) => r[0])).toEqual(['bad.jsonl:2', 'bad.jsonl:3', 'bad.jsonl:4', 'bad.jsonl:5']);
    expect(shownRows.map((r) => r[1])).toEqual(['—', 'trace_id', 'kind', 'started_at']);
    // The message echoing the line's markup is text, never an element.
    expect(shownRows[2]![2]).toContain(XSS);
    expect(await report().locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    // The spans of both files are in.
    expect(await countOf('task:imp-good')).toBe(3);
    expect(await countOf('task:imp-bad')).toBe(badReport.imported);

    await page.screenshot({ path: screenshotPath('import.png') });
  });

  it('downloads the error report as CSV and JSONL, line by line', async () => {
    const csv = await downloadErrors('csv');
    expect(csv.name).toBe('import-errors.csv');
    expect(parseCsv(csv.text)).toEqual([
      ['file', 'line', 'field', 'code', 'message'],
      ...badReport.errors.map((e) => [
        e.file,
        String(e.line),
        fieldOf(e.message),
        /invalid JSON/.test(e.message) ? 'invalid_json' : 'invalid_field',
        e.message,
      ]),
    ]);

    const jsonl = await downloadErrors('jsonl');
    expect(jsonl.name).toBe('import-errors.jsonl');
    const [head, ...records] = jsonl.text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(head).toEqual({
      files: [
        { file: 'good.jsonl', error_count: 0 },
        { file: 'bad.jsonl', error_count: 4 },
      ],
      truncated: [],
      note: 'every rejected line is listed',
    });
    expect(records).toEqual(
      badReport.errors.map((e) => ({
        file: e.file,
        line: e.line,
        field: fieldOf(e.message),
        code: /invalid JSON/.test(e.message) ? 'invalid_json' : 'invalid_field',
        message: e.message,
      })),
    );
  });

  it('says when only the first 1,000 errors of a file are kept, in the page and the download', async () => {
    // (one good span at the end: a file in which no record is recognised is refused as a whole)
    const lines = [...Array.from({ length: 1200 }, (_, i) => `{"broken": ${i}`), span('imp-many-ok', 'imp-many')];
    const expected = await reference.importFile(new Blob([text(lines)]), { fileName: 'many-errors.jsonl' });
    expect([expected.errors.length, expected.error_count]).toEqual([1000, 1200]);
    await page.getByTestId('file-input').setInputFiles({
      name: 'many-errors.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(text(lines)),
    });
    await poll(statuses).toEqual(['done']);
    const file = fileReport('many-errors.jsonl');
    expect(await file.locator('[data-stat="errors"]').textContent()).toBe('1,200 errors');
    expect(await file.getByTestId('import-errors-truncated').textContent()).toBe(
      'The engine keeps the first 1,000 of 1,200 errors of a file.',
    );
    // The first rows, then all 1,000 kept on request.
    expect(await file.getByTestId('import-error').count()).toBe(25);
    await file.getByRole('button', { name: 'Show all 1,000 listed' }).click();
    await poll(() => file.getByTestId('import-error').count()).toBe(1000);
    expect(await file.getByTestId('import-error').last().locator('td').first().textContent()).toBe(
      'many-errors.jsonl:1000',
    );

    const csv = parseCsv((await downloadErrors('csv')).text);
    expect(csv[0]).toEqual(['file', 'line', 'field', 'code', 'message']);
    expect(csv[1]).toEqual([
      'many-errors.jsonl',
      '',
      '',
      'truncated',
      'only the first 1,000 of 1,200 errors of many-errors.jsonl are listed',
    ]);
    expect(csv.slice(2).map((r) => r[1])).toEqual(expected.errors.map((e) => String(e.line)));

    const jsonl = (await downloadErrors('jsonl')).text.split('\n').filter((l) => l !== '');
    expect(jsonl).toHaveLength(1001);
    expect(JSON.parse(jsonl[0]!)).toEqual({
      files: [{ file: 'many-errors.jsonl', error_count: 1200 }],
      truncated: [{ file: 'many-errors.jsonl', listed: 1000, total: 1200 }],
      note: 'only the first 1,000 of 1,200 errors of many-errors.jsonl are listed (the engine keeps the first 1,000 a file)',
    });
  });

  it('cancels a large import: the ETA shows while it runs, committed spans stay, the queued file is dropped', async () => {
    // ~300k spans, written to disk (the browser reads the file from there).
    const big = join(tmp, 'big.jsonl');
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(big);
      out.on('error', reject);
      out.on('finish', resolve);
      let chunk = '';
      for (let i = 0; i < BIG_SPANS; i++) {
        chunk += span(`big-${i}`, 'imp-big', { input: `question ${i}` }) + '\n';
        if (chunk.length > 1 << 20) (out.write(chunk), (chunk = ''));
      }
      out.end(chunk);
    });
    const small = join(tmp, 'queued.jsonl');
    await new Promise<void>((resolve) =>
      createWriteStream(small).end(text([span('imp-queued-1', 'imp-queued')]), resolve),
    );

    await page.getByTestId('file-input').setInputFiles([big, small]);
    const progress = page.getByRole('region', { name: 'Import progress' });
    await progress.waitFor();
    expect(await statuses()).toEqual(['importing', 'queued']);
    expect(await page.getByTestId('import-file-counts').textContent()).toBe('2 files: 1 importing · 1 queued');
    // The ETA, from the measured byte rate, once the first chunk is in.
    const eta = page.getByTestId('import-eta');
    await poll(() => eta.getAttribute('data-known')).toBe('true');
    expect(await eta.textContent()).toMatch(/^(< 1 s|\d+ s|\d+ m \d{2} s)$/);
    expect(await progress.locator('[data-progress="byte-rate"]').textContent()).toMatch(/B\/s$/);
    expect(numberIn(await progress.locator('[data-progress="spans"]').textContent())).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('import-running.png') });

    await progress.getByRole('button', { name: 'Cancel (this file and 1 queued)' }).click();
    await poll(statuses).toEqual(['cancelled', 'cancelled']);
    const cancelled = report().getByTestId('import-cancelled');
    const imported = numberIn(await fileReport('big.jsonl').locator('[data-stat="imported"]').textContent());
    expect(imported).toBeGreaterThan(0);
    expect(imported).toBeLessThan(BIG_SPANS);
    expect(await cancelled.textContent()).toBe(
      `Import cancelled. big.jsonl stopped after ${shown(imported)} spans were committed; they stay. ` +
        '1 queued file was not imported.',
    );
    expect(await fileReport('big.jsonl').getAttribute('data-status')).toBe('cancelled');
    expect(await fileReport('queued.jsonl').textContent()).toContain('not imported');
    expect(await page.getByTestId('status').textContent()).toContain('The import was cancelled');

    // The committed spans stay; the queued file's did not arrive.
    expect(await countOf('task:imp-big')).toBe(imported);
    expect(await countOf('task:imp-queued')).toBe(0);
  });

  it('made every request to its own origin and logged no errors', () => {
    expect(requests.some((url) => url.endsWith('.wasm'))).toBe(true);
    expect(foreignRequests(requests, origin)).toEqual([]);
    expect(problems).toEqual([]);
    return page
      .evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)
      .then((v) => {
        expect(v).toBeUndefined();
      });
  });
});
