// The Datasets page in a real browser, on the sample traces the app loads on first start: the two
// guided flows (eval, training) that save the Inferences filter — their preview counts before
// saving and the save's report match what the client reports for the same request on the same
// data (run here in node); a >25% overlap warned about and a 100% overlap blocking Save before
// anything is saved; the engine's refusals shown inline with nothing saved; the list, recipe and
// rows paged 50 at a time (untrusted content as text, expandable to the full content); one export
// button per format, each downloading its files (jsonl, openai-chat, csv, hf), and after an
// openai-chat export what it left out (rows rejected by reason, rows without their reasoning
// parts, rows calling tools without a tools list) as the client's own export reports it, and as
// known for a crafted file; Cancel, rename, delete, and no request leaving the origin. Saves the
// screenshots datasets-eval.png and datasets-training.png (screenshotPath).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Download, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceSift } from '../../dist/web/src/client.js';
import type { DatasetReport, DatasetRequest, ExportProgress } from '../../dist/worker/src/types.js';
import { PROBE_EXPECTED, PROBE_JSONL, PROBE_TASK } from '../node/export_probe.js';
import { openInProcess } from '../node/in_process_worker.js';
import { REASONS_SHOWN } from '../../web/app/src/features/datasets/exportReport.js';
import { importThroughPage } from './crafted.js';
import { ROOT, foreignRequests, openApp, screenshotPath, showPage, type Preview } from './harness.js';

const SAMPLES = join(ROOT, 'dist/app/samples/sample-traces.jsonl');
/** The export formats, one button each (the client's ExportFormat). */
const FORMATS = ['jsonl', 'openai-chat', 'csv', 'hf'] as const;
const CHECKS = ['same_span', 'same_input', 'same_group', 'near_duplicate'] as const;
const XSS = '<img src=x onerror="window.__pwned=1">';

/**
 * expect.poll with room for a busy machine (the default gives up after 1 s; Chromium reports
 * downloads a little after the page starts them).
 */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn);
/** A number as the app prints it. */
const shown = (n: number) => n.toLocaleString('en-US');
/** The number in a piece of text ("1,690 candidates" -> 1690). */
const numberIn = (text: string | null) => Number((text ?? '').replace(/[^0-9]/g, '') || 'NaN');
/** A ratio as the app prints it ("47.3%", "0%"). */
const percent = (ratio: number) => `${(ratio * 100).toFixed(1).replace(/\.0$/, '')}%`;

/** The form fields of a save, as a person fills them in. */
interface SaveInput {
  type: 'eval' | 'training';
  name: string;
  limit?: number;
  seed?: number;
  exclude?: string;
  /** Checks to turn off (all are on by default). */
  off?: (typeof CHECKS)[number][];
  jaccard?: number;
}

/** The engine request those fields make over `filter`. */
function requestOf(input: SaveInput, filter: string): DatasetRequest {
  const request: DatasetRequest = { name: input.name, type: input.type, filter };
  if (input.limit !== undefined) request.limit = input.limit;
  if (input.seed !== undefined) request.seed = input.seed;
  if (input.type === 'training') {
    request.exclude = input.exclude;
    const checks = Object.fromEntries(CHECKS.map((c) => [c, !(input.off ?? []).includes(c)]));
    request.leakage = { ...checks, ...(checks['near_duplicate'] ? { jaccard: input.jaccard ?? 0.8 } : {}) };
  }
  return request;
}

describe('datasets in Chromium', () => {
  let server: Preview | undefined;
  let origin = '';
  let browser: Browser | undefined;
  let page: Page;
  /** The same data in node, through the client: what the page must agree with. */
  let reference: TraceSift;
  const requests: string[] = [];
  const problems: string[] = [];
  const downloads: Download[] = [];

  const panel = () => page.getByTestId('datasets-panel');
  const flow = () => page.getByTestId('dataset-flow');
  const preview = () => flow().getByTestId('dataset-preview');
  const report = () => page.getByTestId('dataset-report');
  const saveError = () => page.getByTestId('dataset-error');
  const saveButton = () => flow().getByRole('button', { name: /^Save (eval|training) dataset$/ });
  const details = () => page.getByTestId('dataset-details');
  /** The selected dataset's name, as its heading shows it. */
  const shownName = () => details().getByRole('heading', { level: 3 }).getByTestId('dataset-name').textContent();
  const exporter = () => details().getByRole('region', { name: 'Export' });
  const listed = async () =>
    (
      await page.getByTestId('dataset-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-dataset')))
    ).sort();
  const stat = (root: Locator, name: string) => root.locator(`[data-stat="${name}"]`);
  const fact = async (term: string) => (await details().locator(`[data-fact="${term}"] dd`).textContent()) ?? '';

  /** Applies `query` in the Inferences query box and waits for the count that answers it. */
  async function applyQuery(query: string): Promise<number> {
    await showPage(page, 'inferences');
    const box = page.getByTestId('query-input');
    await box.fill(query);
    await box.press('Enter');
    const count = page.getByTestId('span-count');
    await poll(() => count.getAttribute('data-filter')).toBe(JSON.stringify(query));
    const matching = numberIn(await count.textContent());
    await showPage(page, 'datasets');
    return matching;
  }

  /** Opens the guided flow of `type` (its button toggles it). */
  async function openFlow(type: 'eval' | 'training') {
    if ((await flow().count()) > 0 && (await flow().getAttribute('data-type')) === type) return;
    await page.getByTestId(`new-${type}`).click();
    await poll(() => flow().getAttribute('data-type')).toBe(type);
  }

  /**
   * Opens the flow of `input.type` and fills its options as a person would; resolves once the
   * preview answers these options: 'ready', 'blocked' (100% overlap) or 'error'.
   */
  async function fill(input: SaveInput): Promise<string> {
    await openFlow(input.type);
    const f = flow();
    await f.getByLabel('Dataset name').fill(input.name);
    await f.getByLabel('Limit').fill(input.limit === undefined ? '' : String(input.limit));
    await f.getByLabel('Seed').fill(input.seed === undefined ? '' : String(input.seed));
    if (input.type === 'training') {
      if (input.exclude !== undefined) await f.getByLabel('Exclude eval dataset').selectOption(input.exclude);
      await f.getByLabel('Same span').setChecked(!input.off?.includes('same_span'));
      await f.getByLabel('Same input').setChecked(!input.off?.includes('same_input'));
      await f.getByLabel('Same group').setChecked(!input.off?.includes('same_group'));
      await f.getByLabel('Near-duplicate input').setChecked(!input.off?.includes('near_duplicate'));
      if (!input.off?.includes('near_duplicate')) {
        await f.getByLabel('Jaccard threshold').fill(String(input.jaccard ?? 0.8));
      }
    }
    // The state turns to loading as the options change (same render), then to the answer.
    await poll(() => preview().getAttribute('data-state')).toMatch(/^(ready|blocked|error)$/);
    return (await preview().getAttribute('data-state'))!;
  }

  /** Fills the flow and saves; resolves once the report or an error is shown. */
  async function save(input: SaveInput): Promise<'report' | 'error'> {
    expect(await fill(input)).toBe('ready');
    await saveButton().click();
    const reported = report().filter({ hasText: input.name });
    await poll(async () => (await reported.count()) + (await saveError().count())).toBeGreaterThan(0);
    return (await saveError().count()) > 0 ? 'error' : 'report';
  }

  /** Checks the counts of `root` (the preview or the report) against the client's report. */
  async function expectCounts(root: Locator, expected: DatasetReport) {
    expect(numberIn(await stat(root, 'candidates').textContent())).toBe(expected.candidates);
    expect(numberIn(await stat(root, 'rows').textContent())).toBe(expected.rows);
    if (expected.type === 'training') {
      expect(numberIn(await stat(root, 'excluded').textContent())).toBe(expected.excluded.total);
      expect(await stat(root, 'overlap').textContent()).toBe(`${percent(expected.overlap_ratio)} overlap`);
      let sum = 0;
      for (const check of CHECKS) {
        const n = numberIn(await root.locator(`[data-excluded="${check}"]`).textContent());
        expect(n, check).toBe(expected.excluded[check]);
        sum += n;
      }
      expect(sum).toBe(expected.excluded.total);
      expect(sum + expected.rows).toBeLessThanOrEqual(expected.candidates);
    }
  }

  /** Checks the preview against the client's preview of the same request (nothing saved). */
  async function expectPreview(expected: DatasetReport) {
    await expectCounts(preview(), expected);
    const level = expected.overlap_ratio > 0.25 ? 'warn' : 'ok';
    if (expected.type === 'training') expect(await preview().getAttribute('data-level')).toBe(level);
    expect(await preview().getByTestId('preview-warning').allTextContents()).toEqual(expected.warnings);
  }

  /** Checks the shown report against the client's for the same request. */
  async function expectReport(expected: DatasetReport) {
    const r = report();
    expect(await r.locator('h3').textContent()).toBe(`Saved ${expected.type} dataset ${expected.name}`);
    expect(await stat(r, 'candidates').textContent()).toBe(`${shown(expected.candidates)} candidates`);
    expect(await stat(r, 'rows').textContent()).toBe(`${shown(expected.rows)} rows`);
    if (expected.type === 'training') {
      expect(await stat(r, 'excluded').textContent()).toBe(`${shown(expected.excluded.total)} excluded`);
      await expectCounts(r, expected);
      expect(expected.excluded.total + expected.rows).toBe(expected.candidates);
    }
    expect(await r.getByTestId('dataset-warning').allTextContents()).toEqual(expected.warnings);
  }

  /** Selects a dataset in the list and waits for its details. */
  async function select(name: string) {
    await page.getByTestId('dataset-list').getByRole('button', { name, exact: true }).click();
    await poll(shownName).toBe(name);
  }

  /** Exports the selected dataset as `format`; resolves to the downloaded files by name. */
  async function exportAs(format: string, files: number): Promise<Map<string, string>> {
    downloads.length = 0;
    await exporter().locator(`button[data-format="${format}"]`).click();
    const outcome = exporter().getByTestId('export-outcome');
    await poll(
      async () => `${await outcome.getAttribute('data-format')} ${await outcome.getAttribute('data-outcome')}`,
    ).toBe(`${format} done`);
    await poll(() => downloads.length).toBe(files);
    const out = new Map<string, string>();
    for (const d of downloads) out.set(d.suggestedFilename(), readFileSync((await d.path())!, 'utf8'));
    // The outcome lists the same names.
    expect((await exporter().getByTestId('export-file').locator('code').allTextContents()).sort()).toEqual(
      [...out.keys()].sort(),
    );
    return out;
  }

  const lines = (text: string) =>
    text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  /** Rejections `{id, reason}` grouped by reason, most rows first (ties by reason). */
  const byReason = (rows: { reason: string }[]) => {
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
    return [...counts]
      .map(([reason, n]) => ({ reason, rows: n }))
      .sort((a, b) => b.rows - a.rows || (a.reason < b.reason ? -1 : 1));
  };

  /** The latest export's outcome shows these numbers, one line per rejection reason. */
  async function expectShownReport(expected: {
    rows: number;
    rejected: number;
    reasons: { reason: string; rows: number }[];
    reasoningDropped: number;
    toolCallsWithoutTools: number;
  }) {
    const outcome = exporter().getByTestId('export-outcome');
    expect(await outcome.getByTestId('export-rows').textContent()).toBe(shown(expected.rows));
    expect(await outcome.getByTestId('export-rejected').textContent()).toBe(shown(expected.rejected));
    const reasons = await outcome
      .getByTestId('export-reason')
      .evaluateAll((li) => li.map((l) => ({ rows: Number(l.getAttribute('data-rows')), text: l.textContent })));
    // The first REASONS_SHOWN reasons have a line each (the rest are summed up in one).
    expect(reasons).toEqual(
      expected.reasons.slice(0, REASONS_SHOWN).map((r) => ({
        rows: r.rows,
        text: `${shown(r.rows)} ${r.rows === 1 ? 'row' : 'rows'}: ${r.reason}`,
      })),
    );
    expect(await outcome.getByTestId('export-reasoning-dropped').textContent()).toBe(shown(expected.reasoningDropped));
    expect(await outcome.getByTestId('export-tool-calls-without-tools').textContent()).toBe(
      shown(expected.toolCallsWithoutTools),
    );
  }

  beforeAll(async () => {
    ({ ts: reference } = await openInProcess());
    await reference.importFile(new Blob([readFileSync(SAMPLES)]), { fileName: 'sample-traces.jsonl' });

    ({ server, origin, browser, page } = await openApp({ requests, problems, acceptDownloads: true }));
    page.on('download', (download) => downloads.push(download));
    await page.goto(`${origin}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await reference?.close();
  });

  it('loads the sample traces on first start and opens the Datasets page', async () => {
    await poll(() => page.getByTestId('status').textContent()).toMatch(/^Imported [\d,]+ spans/);
    // The count refreshes a moment after the import's status line (later with the database in OPFS).
    const total = await reference.count();
    await poll(() => applyQuery('')).toBe(total);
    await showPage(page, 'inferences');
    expect(await panel().isVisible()).toBe(false);
    await showPage(page, 'datasets');
    expect(await page.getByTestId('nav-datasets').getAttribute('aria-current')).toBe('page');
    await panel().waitFor();
    await page.getByTestId('dataset-list-empty').waitFor();
    // No flow until one is chosen.
    expect(await flow().count()).toBe(0);
    expect(await page.getByTestId('new-eval').getAttribute('aria-expanded')).toBe('false');
  });

  it("guides an eval dataset: slice, options, preview equal to the client's, then the save's report", async () => {
    const matching = await applyQuery('env:production');
    expect(matching).toBe(await reference.count('env:production'));
    await openFlow('eval');
    expect(await page.getByTestId('new-eval').getAttribute('aria-expanded')).toBe('true');
    // 1. The slice: the Inferences filter, its count and the way back to change it.
    expect(await flow().getByTestId('dataset-filter').textContent()).toBe('env:production');
    expect(await flow().getByTestId('dataset-matching').getAttribute('data-count')).toBe(String(matching));
    expect(await flow().getByRole('link', { name: 'Change filter' }).getAttribute('href')).toBe('#/inferences');
    // No name yet: the preview still counts, Save says why it waits.
    await flow().getByLabel('Dataset name').fill('');
    await poll(() => preview().getAttribute('data-state')).toBe('ready');
    expect(await saveButton().isDisabled()).toBe(true);
    expect(await flow().getByTestId('save-blocked-reason').textContent()).toBe('Give the dataset a name.');

    // 2-3. The options, and the preview before saving: the client's dry run of the same request.
    const input: SaveInput = { type: 'eval', name: 'prod-eval', limit: 50, seed: 7 };
    expect(await fill(input)).toBe('ready');
    const request = requestOf(input, 'env:production');
    const previewed = await reference.previewDataset(request);
    expect(previewed.rows).toBe(50);
    await expectPreview(previewed);
    expect(await listed()).toEqual([]);
    await page.screenshot({ path: screenshotPath('datasets-eval.png') });

    // 4. Save: the report is the client's save of the same request.
    await saveButton().click();
    await poll(() => report().count()).toBe(1);
    const expected = await reference.saveDataset(request);
    await expectReport(expected);
    expect(expected.recipe.rows_hash).toBe(previewed.recipe.rows_hash);

    // The list and the saved dataset's details (selected after the save).
    await poll(listed).toEqual(['prod-eval']);
    const row = page.locator('[data-testid="dataset-row"][data-dataset="prod-eval"]');
    expect(await row.locator('td:nth-child(2)').textContent()).toBe('eval');
    expect(await row.locator('td:nth-child(3)').textContent()).toBe('50');
    await poll(shownName).toBe('prod-eval');
    expect(await fact('Filter')).toBe('env:production');
    expect(await fact('Seed')).toBe('7');
    expect(await fact('Limit')).toBe('50');
    // The same rows as the client's: the recipe's hash and the first page of rows in order.
    expect(await fact('Rows hash')).toBe(expected.recipe.rows_hash);
    const first = (await reference.listDatapoints('prod-eval', { limit: 50 })).datapoints.map((r) => r.source_span_id);
    await poll(() =>
      details()
        .getByTestId('datapoint')
        .evaluateAll((li) => li.map((l) => l.getAttribute('data-span-id'))),
    ).toEqual(first);

    // Candidates are the completed spans of the filter, as the Inferences view counts them.
    expect(await applyQuery('env:production status:completed')).toBe(expected.candidates);
  });

  it('guides a training dataset: the preview shows the overlap warning before saving, and follows the options', async () => {
    await applyQuery('env:production');
    const input: SaveInput = { type: 'training', name: 'prod-train', exclude: 'prod-eval' };
    expect(await fill(input)).toBe('ready');
    const previewed = await reference.previewDataset(requestOf(input, 'env:production'));
    expect(previewed.excluded.total).toBeGreaterThan(0);
    // The sample's overlap is above 25%: warned about before anything is saved.
    expect(previewed.overlap_ratio).toBeGreaterThan(0.25);
    expect(previewed.warnings.length).toBeGreaterThan(0);
    await expectPreview(previewed);
    expect(await preview().getAttribute('data-level')).toBe('warn');
    expect(await listed()).toEqual(['prod-eval']);
    expect(await saveButton().isEnabled()).toBe(true);
    await page.screenshot({ path: screenshotPath('datasets-training.png') });

    // Other checks and threshold: the preview asks again and agrees with the client's.
    const loose: SaveInput = {
      type: 'training',
      name: 'prod-train-loose',
      exclude: 'prod-eval',
      off: ['same_group'],
      jaccard: 0.5,
    };
    expect(await fill(loose)).toBe('ready');
    const previewedLoose = await reference.previewDataset(requestOf(loose, 'env:production'));
    expect(previewedLoose.excluded.same_group).toBe(0);
    await expectPreview(previewedLoose);

    // Back to the first options, and save them.
    expect(await save(input)).toBe('report');
    const expected = await reference.saveDataset(requestOf(input, 'env:production'));
    await expectReport(expected);
    expect(await fact('Excludes')).toBe('prod-eval');
    expect(await fact('Rows hash')).toBe(expected.recipe.rows_hash);

    expect(await save(loose)).toBe('report');
    const expectedLoose = await reference.saveDataset(requestOf(loose, 'env:production'));
    await expectReport(expectedLoose);
    expect(await fact('Jaccard')).toBe('0.5');
    expect(await fact('Checks')).not.toContain('same group');
    // The list refreshes a moment after the report (later with the database in OPFS).
    await poll(listed).toEqual(['prod-eval', 'prod-train', 'prod-train-loose']);
  });

  it('blocks Save at 100% overlap before saving, and shows the other refusals inline', async () => {
    const staging = await reference.count('env:staging status:completed');
    await applyQuery('env:staging');
    expect(await save({ type: 'eval', name: 'staging-eval' })).toBe('report');
    expect(numberIn(await stat(report(), 'rows').textContent())).toBe(staging);
    await reference.saveDataset({ name: 'staging-eval', type: 'eval', filter: 'env:staging' });
    await poll(listed).toContain('staging-eval');
    const before = await listed();

    // Every candidate overlaps the eval dataset: the preview is the engine's conflict, Save is off.
    const overlap: SaveInput = { type: 'training', name: 'staging-train', exclude: 'staging-eval' };
    expect(await fill(overlap)).toBe('blocked');
    const refusal = await reference.previewDataset(requestOf(overlap, 'env:staging')).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ code: 'conflict' });
    expect(await preview().getAttribute('data-level')).toBe('blocked');
    expect(await stat(preview(), 'overlap').textContent()).toBe('100% overlap');
    expect(await preview().getByTestId('preview-error').textContent()).toBe((refusal as Error).message);
    expect(await saveButton().isDisabled()).toBe(true);
    expect(await flow().getByTestId('save-blocked-reason').textContent()).toMatch(/^Blocked: .*100%/);
    expect(await report().count()).toBe(0);

    // A name already taken: said next to the name, Save is off.
    await openFlow('eval');
    await flow().getByLabel('Dataset name').fill('prod-eval');
    await poll(() => flow().getByTestId('name-error').textContent()).toBe("a dataset named 'prod-eval' already exists");
    expect(await saveButton().isDisabled()).toBe(true);

    // No completed span matches: the engine's refusal in the preview.
    await applyQuery('env:no-such-environment');
    expect(await fill({ type: 'eval', name: 'empty-eval' })).toBe('error');
    const empty = await reference
      .previewDataset({ name: 'empty-eval', type: 'eval', filter: 'env:no-such-environment' })
      .catch((e: Error) => e);
    expect(await preview().getByTestId('preview-error').textContent()).toBe((empty as Error).message);
    expect(await preview().getByTestId('preview-error').textContent()).toMatch(/no completed span matches/);
    expect(await saveButton().isDisabled()).toBe(true);

    // A form check, before the engine is asked.
    await applyQuery('env:production');
    await flow().getByLabel('Limit').fill('0');
    await poll(() => flow().getByTestId('options-error').textContent()).toBe(
      'The limit must be a whole number of rows, at least 1.',
    );
    expect(await saveButton().isDisabled()).toBe(true);
    await flow().getByLabel('Limit').fill('');

    await page.waitForTimeout(200);
    expect(await listed()).toEqual(before);
    // The page is still alive and answers.
    const total = await reference.count();
    await poll(() => applyQuery('')).toBe(total);
  });

  it('shows the rows of a dataset as text, never as markup, expandable to the full content', async () => {
    const line = JSON.stringify({
      span_id: 'e2e-xss-1',
      trace_id: 'e2e-xss',
      name: 'xss probe',
      kind: 'llm_call',
      status: 'completed',
      task: 'e2e-xss',
      started_at: '2020-01-01T00:00:00Z',
      ended_at: '2020-01-01T00:00:01Z',
      input: [{ role: 'user', content: XSS }],
      output: [{ role: 'assistant', content: '<b>bold</b>' }],
    });
    await showPage(page, 'import');
    await page.getByTestId('file-input').setInputFiles({
      name: 'xss.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(line + '\n'),
    });
    await poll(() => page.getByTestId('import-report').textContent()).toContain('xss.jsonl');
    await applyQuery('task:e2e-xss');
    expect(await save({ type: 'eval', name: 'xss-eval' })).toBe('report');
    const row = details().getByTestId('datapoint');
    await poll(() => row.count()).toBe(1);
    expect(await row.locator('[data-preview]').first().textContent()).toBe(`in user: ${XSS}`);
    expect(await row.locator('[data-preview]').nth(1).textContent()).toBe('out assistant: <b>bold</b>');
    // Opened from the keyboard: the full content, as text.
    await row.locator('summary').first().focus();
    await page.keyboard.press('Enter');
    const full = row.getByLabel('Full input', { exact: true });
    await full.waitFor();
    expect(await full.getByTestId('chat-message').getAttribute('data-role')).toBe('user');
    expect(await full.locator('[data-chat="text"]').textContent()).toBe(XSS);
    expect(await panel().locator('img, b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });

  it("browses a dataset's rows 50 at a time, as the client pages them", async () => {
    await select('prod-train');
    const total = numberIn(await fact('Rows'));
    expect(total).toBeGreaterThan(100);
    const range = details().getByTestId('rows-range');
    const ids = () =>
      details()
        .getByTestId('datapoint')
        .evaluateAll((li) => li.map((l) => l.getAttribute('data-span-id')));
    const pageOf = async (offset: number) =>
      (await reference.listDatapoints('prod-train', { limit: 50, offset })).datapoints.map((r) => r.source_span_id);
    const rowsBox = details().getByRole('region', { name: 'Rows' });

    await poll(() => range.textContent()).toBe(`rows 1–50 of ${shown(total)}`);
    // The range can change a moment before the rows do.
    await poll(ids).toEqual(await pageOf(0));
    expect(await rowsBox.getByRole('button', { name: 'Prev' }).isDisabled()).toBe(true);
    await rowsBox.getByRole('button', { name: 'Next' }).click();
    await poll(() => range.textContent()).toBe(`rows 51–100 of ${shown(total)}`);
    await poll(ids).toEqual(await pageOf(50));
    // To the last page.
    const lastOffset = Math.floor((total - 1) / 50) * 50;
    for (let offset = 100; offset <= lastOffset; offset += 50) {
      await rowsBox.getByRole('button', { name: 'Next' }).click();
      await poll(() => range.getAttribute('data-offset')).toBe(String(offset));
    }
    await poll(() => range.textContent()).toBe(`rows ${shown(lastOffset + 1)}–${shown(total)} of ${shown(total)}`);
    await poll(ids).toEqual(await pageOf(lastOffset));
    expect(await rowsBox.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await rowsBox.getByRole('button', { name: 'Prev' }).click();
    await poll(() => range.getAttribute('data-offset')).toBe(String(lastOffset - 50));
    await poll(ids).toEqual(await pageOf(lastOffset - 50));
  });

  it('offers one export button per format, and each downloads its files', async () => {
    await select('prod-eval');
    const buttons = exporter().locator('button[data-format]');
    expect(await buttons.evaluateAll((b) => b.map((x) => x.getAttribute('data-format')))).toEqual([...FORMATS]);
    const expectedFiles: Record<(typeof FORMATS)[number], string[]> = {
      jsonl: ['prod-eval.jsonl', 'prod-eval.recipe.json'],
      'openai-chat': ['prod-eval.openai-chat.jsonl', 'prod-eval.recipe.json'],
      csv: ['prod-eval.csv', 'prod-eval.recipe.json'],
      hf: ['prod-eval-README.md', 'prod-eval-recipe.json', 'prod-eval-test.jsonl'],
    };
    for (const format of FORMATS) {
      const files = await exportAs(format, expectedFiles[format].length);
      expect([...files.keys()].sort(), format).toEqual(expectedFiles[format]);
    }
  });

  it('exports jsonl: one line per row, and the recipe file beside it', async () => {
    await select('prod-eval');
    const files = await exportAs('jsonl', 2);
    expect([...files.keys()].sort()).toEqual(['prod-eval.jsonl', 'prod-eval.recipe.json']);
    const rows = lines(files.get('prod-eval.jsonl')!);
    expect(rows).toHaveLength(50);
    for (const r of rows) {
      expect(typeof r['source_span_id']).toBe('string');
      expect(r['dataset']).toBe('prod-eval');
    }
    const all = (await reference.listDatapoints('prod-eval')).datapoints.map((r) => r.source_span_id);
    expect(rows.map((r) => r['source_span_id'])).toEqual(all);
    const recipe = JSON.parse(files.get('prod-eval.recipe.json')!);
    expect(recipe).toMatchObject({ dataset: 'prod-eval', format: 'jsonl', rows: 50 });
    expect(recipe.recipe.rows_hash).toBe(await fact('Rows hash'));
    expect(await exporter().getByTestId('export-rows').textContent()).toBe('50');
  });

  it("exports openai-chat: each line has a messages array; what it left out is shown as the client's export reports it", async () => {
    const files = await exportAs('openai-chat', 2);
    expect([...files.keys()].sort()).toEqual(['prod-eval.openai-chat.jsonl', 'prod-eval.recipe.json']);
    const recipe = JSON.parse(files.get('prod-eval.recipe.json')!);
    const chats = lines(files.get('prod-eval.openai-chat.jsonl')!);
    expect(chats.length).toBeGreaterThan(0);
    expect(chats.length + recipe.rejected.count).toBe(50);
    for (const chat of chats) {
      expect(Array.isArray(chat['messages'])).toBe(true);
      expect((chat['messages'] as unknown[]).length).toBeGreaterThan(0);
    }
    // The client's own export of the same dataset, in node: its last piece's totals and its recipe.
    let last: ExportProgress | undefined;
    const own = await reference.exportDataset('prod-eval', 'openai-chat', { onProgress: (p) => (last = p) });
    const ownRecipe = JSON.parse(await own.find((f) => f.name === 'prod-eval.recipe.json')!.blob.text());
    expect(last!.rows).toBe(chats.length);
    expect(ownRecipe.rejected).toEqual(recipe.rejected);
    await expectShownReport({
      rows: last!.rows,
      rejected: last!.rejected,
      reasons: byReason(ownRecipe.rejected.rows),
      reasoningDropped: last!.reasoningDropped,
      toolCallsWithoutTools: last!.toolCallsWithoutTools,
    });
  });

  it('shows what an openai-chat export left out: rejected rows by reason, reasoning parts, tool calls without tools', async () => {
    await importThroughPage(page, 'export-probe.jsonl', Buffer.from(PROBE_JSONL));
    await applyQuery(`task:${PROBE_TASK}`);
    expect(await save({ type: 'eval', name: 'export-probe' })).toBe('report');
    await select('export-probe');
    const files = await exportAs('openai-chat', 2);
    expect(lines(files.get('export-probe.openai-chat.jsonl')!)).toHaveLength(PROBE_EXPECTED.rows);
    await expectShownReport(PROBE_EXPECTED);
    const notes = exporter().getByTestId('export-report');
    expect(await notes.locator('[data-export-note="reasoning-dropped"]').textContent()).toBe(
      '2 rows written without their reasoning parts (the OpenAI chat fine-tuning format has no place for reasoning)',
    );
    expect(await notes.locator('[data-export-note="tool-calls-without-tools"]').textContent()).toBe(
      '1 row calls tools but carries no tools list (tool calls but no tool definitions in the span)',
    );
    // jsonl writes every row and converts nothing: no report of what was left out.
    await exportAs('jsonl', 2);
    expect(await exporter().getByTestId('export-rows').textContent()).toBe('7');
    expect(await exporter().getByTestId('export-report').count()).toBe(0);
    await select('prod-eval'); // the exports below are of prod-eval
  });

  it('exports csv: a header and one record per row', async () => {
    const files = await exportAs('csv', 2);
    expect([...files.keys()].sort()).toEqual(['prod-eval.csv', 'prod-eval.recipe.json']);
    const csv = files.get('prod-eval.csv')!;
    expect(csv.split('\r\n')[0]).toContain('source_span_id');
  });

  it('exports hf: the splits, the dataset card and the recipe, named after the dataset', async () => {
    // An eval dataset is the test split.
    const evalFiles = await exportAs('hf', 3);
    expect([...evalFiles.keys()].sort()).toEqual([
      'prod-eval-README.md',
      'prod-eval-recipe.json',
      'prod-eval-test.jsonl',
    ]);
    const evalRecipe = JSON.parse(evalFiles.get('prod-eval-recipe.json')!);
    expect(evalRecipe.splits).toEqual({ test: lines(evalFiles.get('prod-eval-test.jsonl')!).length });

    // A training dataset is the train split, and the eval dataset it excludes the validation split.
    await select('prod-train');
    const files = await exportAs('hf', 4);
    expect([...files.keys()].sort()).toEqual([
      'prod-train-README.md',
      'prod-train-recipe.json',
      'prod-train-train.jsonl',
      'prod-train-validation.jsonl',
    ]);
    const recipe = JSON.parse(files.get('prod-train-recipe.json')!);
    const train = lines(files.get('prod-train-train.jsonl')!);
    const validation = lines(files.get('prod-train-validation.jsonl')!);
    expect(recipe.splits).toEqual({ train: train.length, validation: validation.length });
    expect(train.length).toBeGreaterThan(0);
    for (const row of [...train, ...validation]) {
      expect(Array.isArray(row['messages'])).toBe(true);
      expect(typeof row['source_span_id']).toBe('string');
    }
    expect(files.get('prod-train-README.md')!.startsWith('---\n')).toBe(true);
    expect(recipe.recipe).toMatchObject({ type: 'training', exclude: 'prod-eval' });
  });

  it('cancels an export, downloads nothing, and exports again afterwards', async () => {
    downloads.length = 0;
    // Click Export, then Cancel as soon as it renders (Preact renders in a microtask; the worker's
    // first answer needs a message, so Cancel lands before the export finishes).
    const clicked = await page.evaluate(async () => {
      const section = document.querySelector('[data-testid="dataset-details"] section[aria-label="Export"]')!;
      const button = (text: string) =>
        [...section.querySelectorAll('button')].find((b) => b.textContent === text) as HTMLButtonElement | undefined;
      (section.querySelector('button[data-format="jsonl"]') as HTMLButtonElement).click();
      for (let i = 0; i < 100; i++) {
        const cancel = button('Cancel export');
        if (cancel) {
          cancel.click();
          return true;
        }
        await Promise.resolve();
      }
      return false;
    });
    expect(clicked).toBe(true);
    const outcome = exporter().getByTestId('export-outcome');
    await poll(() => outcome.getAttribute('data-outcome')).toBe('cancelled');
    expect(await outcome.textContent()).toContain('nothing was downloaded');
    await page.waitForTimeout(500);
    expect(downloads).toHaveLength(0);

    const files = await exportAs('jsonl', 2);
    const rows = lines(files.get('prod-train.jsonl')!);
    expect(rows).toHaveLength(numberIn(await fact('Rows')));
  });

  it('renames a dataset', async () => {
    await select('prod-train-loose');
    await details().getByLabel('New name').fill('renamed-train');
    await details().getByRole('button', { name: 'Rename' }).click();
    await poll(listed).toContain('renamed-train');
    expect(await listed()).not.toContain('prod-train-loose');
    await poll(shownName).toBe('renamed-train');
    // A taken name is refused inline.
    await details().getByLabel('New name').fill('prod-eval');
    await details().getByRole('button', { name: 'Rename' }).click();
    await poll(() => details().getByTestId('rename-error').textContent()).toMatch(/prod-eval/);
    expect(await listed()).toContain('renamed-train');
  });

  it('warns before deleting an eval dataset, naming the training datasets that exclude it', async () => {
    await select('prod-eval');
    await details().getByRole('button', { name: 'Delete…' }).click();
    const confirm = details().getByRole('group', { name: 'Confirm the deletion' });
    const warning = confirm.getByTestId('excluded-by');
    await poll(() => warning.count()).toBe(1);
    const text = (await warning.textContent()) ?? '';
    expect(text).toMatch(/^ The training datasets .* were kept apart from it/);
    // Both training datasets saved against it (one renamed since), as the library answers too.
    expect((await warning.locator('strong').allTextContents()).sort()).toEqual(['prod-train', 'renamed-train']);
    expect((await reference.listDatasetsExcluding('prod-eval')).map((d) => d.name)).toEqual([
      'prod-train',
      'prod-train-loose',
    ]);
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    expect(await listed()).toContain('prod-eval');
    // A training dataset excludes nothing: no warning.
    await select('prod-train');
    await details().getByRole('button', { name: 'Delete…' }).click();
    expect(await details().getByRole('group', { name: 'Confirm the deletion' }).textContent()).not.toMatch(
      /kept apart/,
    );
    await details().getByRole('button', { name: 'Keep it' }).click();
    await select('renamed-train');
  });

  it('deletes a dataset after a confirm step', async () => {
    const before = await listed();
    await details().getByRole('button', { name: 'Delete…' }).click();
    const confirm = details().getByRole('group', { name: 'Confirm the deletion' });
    expect(await confirm.textContent()).toContain('renamed-train');
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    expect(await confirm.count()).toBe(0);
    expect(await listed()).toEqual(before);

    await details().getByRole('button', { name: 'Delete…' }).click();
    await details().getByRole('button', { name: 'Yes, delete' }).click();
    await poll(listed).toEqual(before.filter((n) => n !== 'renamed-train'));
    expect(await details().count()).toBe(0);
  });

  it('made every request to its own origin and logged no errors', () => {
    expect(requests.some((url) => url.endsWith('.wasm'))).toBe(true);
    expect(foreignRequests(requests, origin)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
