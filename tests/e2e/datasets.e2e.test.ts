// The Datasets panel in a real browser, on the sample traces the app loads on first start: saving
// eval and training datasets from the Inferences filter (the reports match what the client reports
// for the same request on the same data, run here in node), the engine's refusals shown inline
// with nothing saved, the list, recipe and rows (untrusted content as text), exports downloaded
// as files (jsonl, openai-chat, csv, hf), Cancel, rename, delete, and no request leaving the origin.
// Also writes docs/screenshots/datasets.png.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Download, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceSift } from '../../dist/web/src/client.js';
import type { DatasetReport, DatasetRequest } from '../../dist/worker/src/types.js';
import { launchChromium } from '../../scripts/chromium.mjs';
import { openInProcess } from '../node/in_process_worker.js';
import { ROOT, foreignRequests, showPage, startPreview, type Preview } from './harness.js';

const SAMPLES = join(ROOT, 'dist/app/samples/sample-traces.jsonl');
const SCREENSHOT = join(ROOT, 'docs/screenshots/datasets.png');
const CHECKS = ['same_span', 'same_input', 'same_group', 'near_duplicate'] as const;
const XSS = '<img src=x onerror="window.__pwned=1">';

/**
 * expect.poll with room for a busy machine (the default gives up after 1 s; Chromium reports
 * downloads a little after the page starts them).
 */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 30_000 });
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
  let context: BrowserContext;
  let page: Page;
  /** The same data in node, through the client: what the page must agree with. */
  let reference: TraceSift;
  const requests: string[] = [];
  const problems: string[] = [];
  const downloads: Download[] = [];

  const panel = () => page.getByTestId('datasets-panel');
  const form = () => page.getByRole('form', { name: 'Save a dataset' });
  const report = () => page.getByTestId('dataset-report');
  const saveError = () => page.getByTestId('dataset-error');
  const details = () => page.getByTestId('dataset-details');
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

  /** Fills the save form and submits it; resolves once the report or an error is shown. */
  async function save(input: SaveInput): Promise<'report' | 'error'> {
    const f = form();
    await f.getByLabel(input.type === 'eval' ? 'Eval' : 'Training', { exact: true }).check();
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
    await f.getByRole('button', { name: /^Save (eval|training) dataset$/ }).click();
    const reported = report().filter({ hasText: input.name });
    await poll(async () => (await reported.count()) + (await saveError().count())).toBeGreaterThan(0);
    return (await saveError().count()) > 0 ? 'error' : 'report';
  }

  /** Checks the shown report against the client's for the same request. */
  async function expectReport(expected: DatasetReport) {
    const r = report();
    expect(await r.locator('h3').textContent()).toBe(`Saved ${expected.type} dataset ${expected.dataset}`);
    expect(await stat(r, 'candidates').textContent()).toBe(`${shown(expected.candidates)} candidates`);
    expect(await stat(r, 'rows').textContent()).toBe(`${shown(expected.rows)} rows`);
    if (expected.type === 'training') {
      expect(await stat(r, 'excluded').textContent()).toBe(`${shown(expected.excluded.total)} excluded`);
      expect(await stat(r, 'overlap').textContent()).toBe(`${percent(expected.overlap_ratio)} overlap`);
      let sum = 0;
      for (const check of CHECKS) {
        const n = numberIn(await r.locator(`[data-excluded="${check}"]`).textContent());
        expect(n, check).toBe(expected.excluded[check]);
        sum += n;
      }
      expect(sum).toBe(numberIn(await stat(r, 'excluded').textContent()));
      expect(sum + expected.rows).toBe(expected.candidates);
    }
    expect(await r.getByTestId('dataset-warning').allTextContents()).toEqual(expected.warnings);
  }

  /** Selects a dataset in the list and waits for its details. */
  async function select(name: string) {
    await page.getByTestId('dataset-list').getByRole('button', { name, exact: true }).click();
    await poll(() => details().locator('h3 .dataset-name').textContent()).toBe(name);
  }

  /** Exports the selected dataset as `format`; resolves to the downloaded files by name. */
  async function exportAs(format: string, files: number): Promise<Map<string, string>> {
    downloads.length = 0;
    await exporter().getByLabel('Export format').selectOption(format);
    await exporter().getByRole('button', { name: 'Export', exact: true }).click();
    await poll(() => exporter().getByTestId('export-outcome').getAttribute('data-outcome')).toBe('done');
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

  beforeAll(async () => {
    ({ ts: reference } = await openInProcess());
    await reference.importFile(new Blob([readFileSync(SAMPLES)]), { fileName: 'sample-traces.jsonl' });

    server = await startPreview();
    origin = server.origin;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    context.on('request', (request) => requests.push(request.url()));
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('download', (download) => downloads.push(download));
    await page.goto(`${origin}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await reference?.close();
  });

  it('loads the sample traces on first start and opens the Datasets panel', async () => {
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
  });

  it('saves an eval dataset from the filter and reports what the client reports', async () => {
    const matching = await applyQuery('env:production');
    expect(matching).toBe(await reference.count('env:production'));
    expect(await form().getByTestId('dataset-filter').textContent()).toBe('env:production');
    expect(await form().textContent()).toContain(`${shown(matching)} spans match`);

    const input: SaveInput = { type: 'eval', name: 'prod-eval', limit: 50, seed: 7 };
    expect(await save(input)).toBe('report');
    const expected = await reference.saveDataset(requestOf(input, 'env:production'));
    expect(expected.rows).toBe(50);
    await expectReport(expected);

    // The list and the saved dataset's details (selected after the save).
    await poll(listed).toEqual(['prod-eval']);
    const row = page.locator('[data-testid="dataset-row"][data-dataset="prod-eval"]');
    expect(await row.locator('td:nth-child(2)').textContent()).toBe('eval');
    expect(await row.locator('td:nth-child(3)').textContent()).toBe('50');
    await poll(() => details().locator('h3 .dataset-name').textContent()).toBe('prod-eval');
    expect(await fact('Filter')).toBe('env:production');
    expect(await fact('Seed')).toBe('7');
    expect(await fact('Limit')).toBe('50');
    // The same rows as the client's: the recipe's hash and the first rows in order.
    expect(await fact('Rows hash')).toBe(expected.recipe.rows_hash);
    const first = (await reference.datasetRows('prod-eval', { limit: 20 })).map((r) => r.source_span_id);
    await poll(() =>
      details()
        .getByTestId('datapoint')
        .evaluateAll((li) => li.map((l) => l.getAttribute('data-span-id'))),
    ).toEqual(first);

    // Candidates are the completed spans of the filter, as the Inferences view counts them.
    expect(await applyQuery('env:production status:completed')).toBe(expected.candidates);
  });

  it('saves training datasets excluding the eval dataset, with the checks chosen', async () => {
    await applyQuery('env:production');
    const input: SaveInput = { type: 'training', name: 'prod-train', exclude: 'prod-eval' };
    expect(await save(input)).toBe('report');
    const expected = await reference.saveDataset(requestOf(input, 'env:production'));
    expect(expected.excluded.total).toBeGreaterThan(0);
    expect(expected.warnings.length).toBeGreaterThan(0); // the sample's overlap is above 25%
    await expectReport(expected);
    expect(await fact('Excludes')).toBe('prod-eval');
    expect(await fact('Rows hash')).toBe(expected.recipe.rows_hash);
    mkdirSync(join(ROOT, 'docs/screenshots'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    // The checkboxes and the threshold reach the engine.
    const loose: SaveInput = {
      type: 'training',
      name: 'prod-train-loose',
      exclude: 'prod-eval',
      off: ['same_group'],
      jaccard: 0.5,
    };
    expect(await save(loose)).toBe('report');
    const expectedLoose = await reference.saveDataset(requestOf(loose, 'env:production'));
    expect(expectedLoose.excluded.same_group).toBe(0);
    await expectReport(expectedLoose);
    expect(await fact('Jaccard')).toBe('0.5');
    expect(await fact('Checks')).not.toContain('same group');
    // The list refreshes a moment after the report (later with the database in OPFS).
    await poll(listed).toEqual(['prod-eval', 'prod-train', 'prod-train-loose']);
  });

  it('shows the engine refusals next to the form and saves nothing', async () => {
    const staging = await reference.count('env:staging status:completed');
    await applyQuery('env:staging');
    expect(await save({ type: 'eval', name: 'staging-eval' })).toBe('report');
    expect(numberIn(await stat(report(), 'rows').textContent())).toBe(staging);
    await reference.saveDataset({ name: 'staging-eval', type: 'eval', filter: 'env:staging' });
    await poll(listed).toContain('staging-eval');
    const before = await listed();

    // Every candidate overlaps the eval dataset: a conflict, and no training dataset.
    const overlap: SaveInput = { type: 'training', name: 'staging-train', exclude: 'staging-eval' };
    expect(await save(overlap)).toBe('error');
    const refusal = await reference.saveDataset(requestOf(overlap, 'env:staging')).catch((e: Error) => e);
    expect(refusal).toMatchObject({ code: 'conflict' });
    expect(await saveError().textContent()).toBe((refusal as Error).message);
    expect(await saveError().textContent()).toContain('100%');
    expect(await report().count()).toBe(0);

    // A name already taken.
    expect(await save({ type: 'eval', name: 'prod-eval' })).toBe('error');
    expect(await saveError().textContent()).toMatch(/already exists/);

    // No completed span matches.
    await applyQuery('env:no-such-environment');
    expect(await save({ type: 'eval', name: 'empty-eval' })).toBe('error');
    expect(await saveError().textContent()).toMatch(/no completed span matches/);

    // A form check, before the engine is asked.
    await applyQuery('env:production');
    const f = form();
    await f.getByLabel('Eval', { exact: true }).check();
    await f.getByLabel('Dataset name').fill('');
    await f.getByRole('button', { name: 'Save eval dataset' }).click();
    await poll(() => saveError().textContent()).toBe('Give the dataset a name.');

    await page.waitForTimeout(200);
    expect(await listed()).toEqual(before);
    // The page is still alive and answers.
    // The count refreshes a moment after the import's status line (later with the database in OPFS).
    const total = await reference.count();
    await poll(() => applyQuery('')).toBe(total);
  });

  it('shows the rows of a dataset as text, never as markup', async () => {
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
    expect(await row.locator('.datapoint-text').first().textContent()).toBe(`in user: ${XSS}`);
    expect(await row.locator('.datapoint-text').nth(1).textContent()).toBe('out assistant: <b>bold</b>');
    expect(await panel().locator('img, b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
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
    const all = (await reference.datasetRows('prod-eval')).map((r) => r.source_span_id);
    expect(rows.map((r) => r['source_span_id'])).toEqual(all);
    const recipe = JSON.parse(files.get('prod-eval.recipe.json')!);
    expect(recipe).toMatchObject({ dataset: 'prod-eval', format: 'jsonl', rows: 50 });
    expect(recipe.recipe.rows_hash).toBe(await fact('Rows hash'));
    expect(await exporter().getByTestId('export-rows').textContent()).toBe('50');
  });

  it('exports openai-chat: each line has a messages array; rejected rows are counted', async () => {
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
    expect(await exporter().getByTestId('export-rows').textContent()).toBe(String(chats.length));
    if (recipe.rejected.count > 0) {
      expect(await exporter().getByTestId('export-outcome').textContent()).toContain(
        `${recipe.rejected.count} rows could not be converted`,
      );
    }
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
    await exporter().getByLabel('Export format').selectOption('jsonl');
    downloads.length = 0;
    // Click Export, then Cancel as soon as it renders (Preact renders in a microtask; the worker's
    // first answer needs a message, so Cancel lands before the export finishes).
    const clicked = await page.evaluate(async () => {
      const section = document.querySelector('[data-testid="dataset-details"] section[aria-label="Export"]')!;
      const button = (text: string) =>
        [...section.querySelectorAll('button')].find((b) => b.textContent === text) as HTMLButtonElement | undefined;
      button('Export')!.click();
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
    await poll(() => details().locator('h3 .dataset-name').textContent()).toBe('renamed-train');
    // A taken name is refused inline.
    await details().getByLabel('New name').fill('prod-eval');
    await details().getByRole('button', { name: 'Rename' }).click();
    await poll(() => details().getByTestId('rename-error').textContent()).toMatch(/prod-eval/);
    expect(await listed()).toContain('renamed-train');
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
