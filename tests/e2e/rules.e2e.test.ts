// The Capture rules page in a real browser, on the sample traces plus a crafted file imported
// through the Import page (one input holds an HTML/script payload): a rule refused for an eval
// dataset, a new collection, a bad query refused inline with nothing saved, the live preview equal
// to the numbers computed from the crafted data (and to previewRule of a reference client on the
// same data, run here in node), save, edit, backfill, live capture during a later import, delete
// with a confirm step, untrusted content as text, and no request leaving the origin.
// Also saves the screenshot rules.png (screenshotPath).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceSift } from '../../dist/web/src/client.js';
import { openInProcess } from '../node/in_process_worker.js';
import { XSS, importThroughPage, jsonl, jsonlBlob, sampleKeeps, waitForSamples, type CraftedSpan } from './crafted.js';
import { ROOT, foreignRequests, openApp, screenshotPath, showPage, type Preview } from './harness.js';

const SAMPLES = join(ROOT, 'dist/app/samples/sample-traces.jsonl');
const ENV = 'e2e-rules';
const FILTER = `env:${ENV}`;
const BAD_FILTER = `${FILTER} model:`;
const SEED = 42;

/** The first file: five finished spans of ENV (one failed, one with the payload), one still running, one elsewhere. */
const FIRST: CraftedSpan[] = [
  { id: 'rr-1', env: ENV, status: 'completed', user: 'What is 2+2?', answer: '4', minute: 1 },
  { id: 'rr-2', env: ENV, status: 'completed', user: XSS, answer: 'That looks like HTML.', minute: 2 },
  { id: 'rr-3', env: ENV, status: 'failed', user: 'Translate "chat" to English.', answer: 'cat', minute: 3 },
  { id: 'rr-4', env: ENV, status: 'completed', user: 'Capital of France?', answer: 'Paris', minute: 4 },
  { id: 'rr-5', env: ENV, status: 'completed', user: 'Spell "rule".', answer: 'r-u-l-e', minute: 5 },
  { id: 'rr-6', env: ENV, status: 'running', user: 'A long question', answer: '', minute: 6 },
  { id: 'rr-7', env: 'e2e-elsewhere', status: 'completed', user: 'Not for this rule', answer: 'no', minute: 7 },
];
/** The second file: rr-6 completes, a new span of ENV, one elsewhere. */
const SECOND: CraftedSpan[] = [
  { id: 'rr-6', env: ENV, status: 'completed', user: 'A long question', answer: 'A long answer', minute: 6 },
  { id: 'rr-8', env: ENV, status: 'completed', user: 'Last one?', answer: 'Yes', minute: 8 },
  { id: 'rr-9', env: 'e2e-elsewhere', status: 'completed', user: 'Still not', answer: 'no', minute: 9 },
];
const finished = (spans: CraftedSpan[]) => spans.filter((s) => s.env === ENV && s.status !== 'running');
const MATCHED = finished(FIRST).map((s) => s.id);
const RUNNING = FIRST.filter((s) => s.env === ENV && s.status === 'running').length;
/** expect.poll with room for a busy machine. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn);

const KEPT_AT_HALF = MATCHED.filter((id) => sampleKeeps(id, SEED, 0.5));

describe('capture rules in Chromium', () => {
  let server: Preview | undefined;
  let origin = '';
  let browser: Browser | undefined;
  let page: Page;
  /** The same data in node, through the client: what the page must agree with. */
  let reference: TraceSift;
  const requests: string[] = [];
  const problems: string[] = [];

  const rulesPage = () => page.getByTestId('page-rules');
  const form = () => rulesPage().getByRole('form', { name: /^(Add a|Edit the) capture rule$/ });
  const preview = () => form().getByTestId('rule-preview');
  const rows = () => rulesPage().getByTestId('rule-row');
  const capturedIds = async () =>
    (
      await rulesPage()
        .getByTestId('captured-row')
        .evaluateAll((li) => li.map((l) => l.getAttribute('data-span-id') ?? ''))
    ).sort();
  const previewNumbers = async () => {
    const p = preview();
    return {
      state: await p.getAttribute('data-state'),
      spans: Number(await p.getAttribute('data-spans')),
      matched: Number(await p.getAttribute('data-matched')),
      sampled: Number(await p.getAttribute('data-sampled')),
      running: Number(await p.getAttribute('data-running')),
      seed: Number(await p.getAttribute('data-seed')),
    };
  };

  /** Applies `query` in the Inferences query box and waits for its count. */
  async function applyQuery(query: string) {
    await showPage(page, 'inferences');
    const box = page.getByTestId('query-input');
    await box.fill(query);
    await box.press('Enter');
    await poll(() => page.getByTestId('span-count').getAttribute('data-filter')).toBe(JSON.stringify(query));
  }

  beforeAll(async () => {
    ({ ts: reference } = await openInProcess());
    await reference.importFile(new Blob([readFileSync(SAMPLES, 'utf8')]), { fileName: 'sample-traces.jsonl' });
    await reference.importFile(jsonlBlob(FIRST), { fileName: 'rules.jsonl' });

    ({ server, origin, browser, page } = await openApp({ requests, problems }));
    await page.goto(`${origin}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await reference?.close();
  });

  it('imports the crafted file through the Import page', async () => {
    await waitForSamples(page);
    await importThroughPage(page, 'rules.jsonl', jsonl(FIRST));
    await applyQuery(FILTER);
    await poll(() => page.getByTestId('span-count').getAttribute('data-count')).toBe(String(MATCHED.length + RUNNING));
  });

  it('shows the engine refusing a rule for an eval dataset', async () => {
    // An eval snapshot of the same filter, saved on the Datasets page.
    await showPage(page, 'datasets');
    await page.getByTestId('new-eval').click();
    const flow = page.getByTestId('dataset-flow');
    await flow.getByLabel('Dataset name').fill('rules-eval');
    const save = flow.getByRole('button', { name: 'Save eval dataset' });
    // Save is enabled once the preview has answered for these options.
    await poll(() => save.isEnabled()).toBe(true);
    await save.click();
    await page.getByTestId('dataset-report').filter({ hasText: 'rules-eval' }).waitFor();
    await reference.saveDataset({ name: 'rules-eval', type: 'eval', filter: FILTER });
    const refused = await reference
      .previewRule({ dataset: 'rules-eval', name: 'nope', filter: FILTER, sample_rate: 1 })
      .then(
        () => 'accepted',
        (e: Error) => e.message,
      );
    expect(refused).toMatch(/eval/);

    await showPage(page, 'rules');
    await rulesPage().getByTestId('rules-dataset').selectOption('rules-eval');
    await rulesPage().getByTestId('rules-snapshot-notice').waitFor();
    await rulesPage().getByRole('button', { name: 'Add rule' }).click();
    await form().getByLabel('Rule name').fill('nope');
    await poll(() => form().getByTestId('rule-error-dataset').textContent()).toBe(refused);
    await form().getByRole('button', { name: 'Add rule' }).click();
    await poll(() => form().getByTestId('rule-error-dataset').textContent()).toBe(refused);
    expect(await reference.listRules()).toEqual([]);
    await form().getByRole('button', { name: 'Cancel' }).click();
    expect(await form().count()).toBe(0);
    await rulesPage().getByTestId('rule-list-empty').waitFor();
  });

  it('creates a collection, and refuses a taken name inline', async () => {
    const create = rulesPage().getByRole('form', { name: 'Create a collection' });
    await create.getByLabel('New collection').fill('captures');
    await create.getByRole('button', { name: 'Create collection' }).click();
    await poll(() => rulesPage().getByTestId('rules-dataset').inputValue()).toBe('captures');
    await rulesPage().getByTestId('rule-list-empty').waitFor();
    await rulesPage().getByTestId('captured-empty').waitFor();

    await create.getByLabel('New collection').fill('captures');
    await create.getByRole('button', { name: 'Create collection' }).click();
    await poll(() => create.getByTestId('collection-error').textContent()).toMatch(/captures/);
    await reference.createDataset({ name: 'captures', type: 'collection' });
  });

  it('refuses a bad query inline, pointing at its character, and saves nothing', async () => {
    await rulesPage().getByRole('button', { name: 'Add rule' }).click();
    // A new rule starts from the Inferences filter.
    expect(await form().getByLabel('Filter (query)').inputValue()).toBe(FILTER);
    await form().getByLabel('Rule name').fill('prod-capture');
    await form().getByLabel('Filter (query)').fill(BAD_FILTER);
    const expected = await reference
      .previewRule({ dataset: 'captures', name: 'prod-capture', filter: BAD_FILTER, sample_rate: 1 })
      .then(
        () => null,
        (e: Error & { details: { position?: number } }) => e,
      );
    expect(expected?.details.position).toBe([...BAD_FILTER].length + 1);
    await poll(() => form().getByTestId('rule-error-filter').textContent()).toBe(expected!.message);
    expect(await form().getByLabel('Filter (query)').getAttribute('aria-invalid')).toBe('true');
    const caret = await form().getByTestId('rule-filter-caret').textContent();
    expect(caret).toBe(`${BAD_FILTER}\n${' '.repeat(expected!.details.position! - 1)}^`);
    await form().getByRole('button', { name: 'Add rule' }).click();
    await poll(() => form().getByTestId('rule-error-filter').textContent()).toBe(expected!.message);
    expect(await rulesPage().getByTestId('rule-list-empty').count()).toBe(1);
    expect(await rows().count()).toBe(0);
  });

  it('previews live what the rule would capture, as computed from the crafted data', async () => {
    // Back to the Inferences filter with its button.
    await form().getByRole('button', { name: 'Use the Inferences filter' }).click();
    expect(await form().getByLabel('Filter (query)').inputValue()).toBe(FILTER);
    await form().getByLabel('Sample rate').fill('0.5');
    await form().getByLabel('Seed').fill(String(SEED));
    const spans = await reference.count();
    // What the crafted data says, and the reference client agrees.
    expect(KEPT_AT_HALF.length).toBeGreaterThan(0);
    expect(KEPT_AT_HALF.length).toBeLessThan(MATCHED.length);
    const half = {
      state: 'ready',
      spans,
      matched: MATCHED.length,
      sampled: KEPT_AT_HALF.length,
      running: RUNNING,
      seed: SEED,
    };
    const draft = { dataset: 'captures', name: 'prod-capture', filter: FILTER, seed: SEED };
    expect(await reference.previewRule({ ...draft, sample_rate: 0.5 })).toEqual({
      spans,
      matched: half.matched,
      sampled: half.sampled,
      running: RUNNING,
      sample_rate: 0.5,
      seed: SEED,
    });
    await poll(previewNumbers).toEqual(half);
    expect(await preview().textContent()).toContain(
      `Would match ${MATCHED.length} of the ${spans.toLocaleString('en-US')} stored spans, about ${KEPT_AT_HALF.length} captured at this rate`,
    );

    await form().getByLabel('Sample rate').fill('1');
    await poll(previewNumbers).toEqual({ ...half, sampled: MATCHED.length });
    expect((await reference.previewRule({ ...draft, sample_rate: 1 })).sampled).toBe(MATCHED.length);

    // A rate out of range is the engine's error under the field.
    await form().getByLabel('Sample rate').fill('2');
    await poll(() => form().getByTestId('rule-error-rate').textContent()).toMatch(/sample_rate/);
    await form().getByLabel('Sample rate').fill('1');
    await poll(previewNumbers).toEqual({ ...half, sampled: MATCHED.length });
  });

  it('saves the rule and lists it', async () => {
    await form().getByRole('button', { name: 'Add rule' }).click();
    await poll(() => rows().count()).toBe(1);
    expect(await form().count()).toBe(0);
    const row = rows().first();
    expect(await row.locator('td').allTextContents()).toEqual([
      'prod-capture',
      FILTER,
      '1',
      String(SEED),
      expect.any(String),
      '0',
      'EditBackfillDelete…',
    ]);
    await reference.addRule({ dataset: 'captures', name: 'prod-capture', filter: FILTER, sample_rate: 1, seed: SEED });
  });

  it('edits the rule with a live preview of the change', async () => {
    await rulesPage().getByRole('button', { name: 'Edit rule prod-capture' }).click();
    expect(await form().getByLabel('Rule name').inputValue()).toBe('prod-capture');
    expect(await form().getByLabel('Seed').inputValue()).toBe(String(SEED));
    await form().getByLabel('Seed').fill('x1');
    await poll(() => form().getByTestId('rule-error-seed').textContent()).toMatch(/whole number/);
    await form().getByLabel('Rule name').fill('prod-all');
    await form().getByLabel('Seed').fill('7');
    const [rule] = await reference.listRules('captures');
    const expected = await reference.previewRuleUpdate(rule!.id, { name: 'prod-all', seed: 7 });
    expect(expected.sampled).toBe(MATCHED.length);
    await poll(previewNumbers).toEqual({
      state: 'ready',
      spans: expected.spans,
      matched: expected.matched,
      sampled: expected.sampled,
      running: expected.running,
      seed: 7,
    });
    await form().getByRole('button', { name: 'Save changes' }).click();
    await poll(() => rows().first().getAttribute('data-rule')).toBe('prod-all');
    expect(await rows().first().locator('[data-cell="seed"]').textContent()).toBe('7');
    await reference.updateRule(rule!.id, { name: 'prod-all', seed: 7 });
  });

  it('backfills: the datapoints are the rule’s matches at rate 1, the payload shown as text', async () => {
    await rulesPage().getByRole('button', { name: 'Backfill rule prod-all' }).click();
    const result = rulesPage().getByTestId('backfill-result');
    await result.waitFor();
    const [rule] = await reference.listRules('captures');
    const expected = await reference.backfillRule(rule!.id);
    expect(expected).toEqual({
      rule_id: rule!.id,
      matched: MATCHED.length,
      sampled: MATCHED.length,
      captured: MATCHED.length,
    });
    expect(await result.textContent()).toContain(
      `${expected.matched} finished spans match, ${expected.sampled} kept by the sample, ${expected.captured} new datapoints`,
    );
    await poll(() => rows().first().locator('[data-cell="captured"]').textContent()).toBe(String(MATCHED.length));
    await poll(capturedIds).toEqual([...MATCHED].sort());
    // The payload is shown literally, never as markup.
    const xssRow = rulesPage().locator('[data-testid="captured-row"][data-span-id="rr-2"]');
    expect(await xssRow.locator('[data-preview]').first().textContent()).toBe(
      `in system: Answer briefly. · user: ${XSS}`,
    );
    expect(await rulesPage().locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();

    // Backfilling again captures nothing new.
    await rulesPage().getByRole('button', { name: 'Dismiss' }).click();
    await rulesPage().getByRole('button', { name: 'Backfill rule prod-all' }).click();
    await poll(() => result.locator('[data-captured]').getAttribute('data-captured')).toBe('0');
  });

  it('captures spans as they complete during a later import', async () => {
    await importThroughPage(page, 'rules-more.jsonl', jsonl(SECOND));
    await reference.importFile(jsonlBlob(SECOND), { fileName: 'rules-more.jsonl' });
    const expected = [...MATCHED, ...finished(SECOND).map((s) => s.id)].sort();
    const [rule] = await reference.listRules('captures');
    expect(rule!.captured).toBe(expected.length);
    await showPage(page, 'rules');
    await poll(() => rows().first().locator('[data-cell="captured"]').textContent()).toBe(String(expected.length));
    await poll(capturedIds).toEqual(expected);
    expect(await rulesPage().getByTestId('captured-count').getAttribute('data-total')).toBe(String(expected.length));

    // The screenshot: the table, the edit form with its preview, the datapoints.
    await rulesPage().getByRole('button', { name: 'Edit rule prod-all' }).click();
    await poll(() => preview().getAttribute('data-state')).toBe('ready');
    await page.screenshot({ path: screenshotPath('rules.png') });
    await form().getByRole('button', { name: 'Cancel' }).click();
  });

  it('deletes the rule after a confirm step; its datapoints stay', async () => {
    await rulesPage().getByRole('button', { name: 'Delete rule prod-all' }).click();
    const confirm = rulesPage().getByRole('group', { name: 'Confirm the deletion' });
    expect(await confirm.textContent()).toContain('prod-all');
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    expect(await confirm.count()).toBe(0);
    expect(await rows().count()).toBe(1);

    await rulesPage().getByRole('button', { name: 'Delete rule prod-all' }).click();
    await confirm.getByRole('button', { name: 'Yes, delete' }).click();
    await rulesPage().getByTestId('rule-list-empty').waitFor();
    const kept = MATCHED.length + finished(SECOND).length;
    await poll(capturedIds).toHaveLength(kept);
    expect(await rulesPage().getByTestId('captured-count').getAttribute('data-total')).toBe(String(kept));
  });

  it('made every request to its own origin and logged no errors', async () => {
    expect(requests.some((url) => url.endsWith('.wasm'))).toBe(true);
    expect(foreignRequests(requests, origin)).toEqual([]);
    expect(problems).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });
});
