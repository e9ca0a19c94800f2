// The Review queue page in a real browser: a capture rule (added on the Capture rules page) takes
// the spans of a crafted file imported through the Import page (one input holds an HTML/script
// payload); a queue is created, filled from the rule's captures and from the dataset, and reviewed:
// Next claims, the output is edited (invalid JSON and a non-message value refused inline, the
// original still shown), approve and reject by keyboard (not while typing in a field), skip,
// release, progress counts at each step, the items by state, the golden dataset on the Datasets
// page holding the approved item with the edited output, the payload shown literally, and no
// request leaving the origin. Also saves the screenshot review.png (screenshotPath).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XSS, importThroughPage, jsonl, waitForSamples, type CraftedSpan } from './crafted.js';
import { foreignRequests, openApp, screenshotPath, showPage, type Preview } from './harness.js';

const ENV = 'e2e-review';
const COLLECTION = 'review-captures';
const QUEUE = 'triage';
const GOLDEN = 'golden-answers';
const REVIEWER = 'alice';
const EDITED = [{ role: 'assistant', content: 'Edited answer <b>kept as text</b>' }];

/** Four completed spans, captured in this order; the first one's input is the payload. */
const SPANS: CraftedSpan[] = [
  { id: 'rv-1', env: ENV, status: 'completed', user: XSS, answer: 'Original answer one', minute: 1 },
  { id: 'rv-2', env: ENV, status: 'completed', user: 'Second question', answer: 'Answer two', minute: 2 },
  { id: 'rv-3', env: ENV, status: 'completed', user: 'Third question', answer: 'Answer three', minute: 3 },
  { id: 'rv-4', env: ENV, status: 'completed', user: 'Fourth question', answer: 'Answer four', minute: 4 },
];

/** expect.poll with room for a busy machine. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn);

interface Counts {
  pending: number;
  claimed: number;
  completed: number;
  approved: number;
  rejected: number;
}

describe('review queue in Chromium', () => {
  let server: Preview | undefined;
  let origin = '';
  let browser: Browser | undefined;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  const reviewPage = () => page.getByTestId('page-review');
  const item = () => reviewPage().getByTestId('review-item');
  const pwned = () => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
  /** The counts the selected queue's progress shows. */
  const counts = async (): Promise<Counts> => {
    const head = reviewPage().getByTestId('review-progress');
    const value = async (name: string) =>
      Number(await head.locator(`[data-stat="${name}"]`).getAttribute('data-value'));
    return {
      pending: await value('pending'),
      claimed: await value('claimed'),
      completed: await value('completed'),
      approved: await value('approved'),
      rejected: await value('rejected'),
    };
  };
  const expectCounts = (expected: Counts) => poll(counts).toEqual(expected);
  /** The shown item: its span and state. */
  const shown = async () => ({
    span: await item().getAttribute('data-span-id'),
    state: await item().getAttribute('data-state'),
    outcome: await item().getAttribute('data-outcome'),
  });
  /** Leaves any field, so the page's shortcuts apply. */
  const blur = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

  beforeAll(async () => {
    ({ server, origin, browser, page } = await openApp({ requests, problems }));
    await page.goto(`${origin}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('captures the crafted spans with a rule as they are imported', async () => {
    await waitForSamples(page);
    await showPage(page, 'rules');
    const rules = page.getByTestId('page-rules');
    const create = rules.getByRole('form', { name: 'Create a collection' });
    await create.getByLabel('New collection').fill(COLLECTION);
    await create.getByRole('button', { name: 'Create collection' }).click();
    await poll(() => rules.getByTestId('rules-dataset').inputValue()).toBe(COLLECTION);
    await rules.getByRole('button', { name: 'Add rule' }).click();
    const form = rules.getByRole('form', { name: 'Add a capture rule' });
    await form.getByLabel('Rule name').fill('review-rule');
    await form.getByLabel('Filter (query)').fill(`env:${ENV}`);
    await poll(() => form.getByTestId('rule-preview').getAttribute('data-matched')).toBe('0');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await poll(() => rules.getByTestId('rule-row').count()).toBe(1);

    await importThroughPage(page, 'review.jsonl', jsonl(SPANS));
    await showPage(page, 'rules');
    await poll(() => rules.getByTestId('captured-row').count()).toBe(SPANS.length);
  });

  it('asks the reviewer name once and keeps it', async () => {
    await showPage(page, 'review');
    await reviewPage().getByTestId('review-no-queue').waitFor();
    const ask = reviewPage().getByRole('form', { name: 'Reviewer name' });
    await ask.getByRole('button', { name: 'Save name' }).click();
    await ask.getByRole('alert').waitFor();
    await ask.getByLabel('Your reviewer name').fill(REVIEWER);
    await ask.getByRole('button', { name: 'Save name' }).click();
    await poll(() => reviewPage().getByTestId('reviewer-name').textContent()).toBe(REVIEWER);
    expect(await page.evaluate(() => localStorage.getItem('tracesift.reviewer'))).toBe(REVIEWER);
  });

  it('creates a queue approving into a golden dataset; a taken name is refused inline', async () => {
    const form = reviewPage().getByRole('form', { name: 'Create a review queue' });
    await form.getByLabel('Queue name').fill(QUEUE);
    await form.getByLabel('Golden dataset').fill(GOLDEN);
    await form.getByRole('button', { name: 'Create queue' }).click();
    await poll(() => reviewPage().getByTestId('review-progress').getAttribute('data-queue')).toBe(QUEUE);
    await expectCounts({ pending: 0, claimed: 0, completed: 0, approved: 0, rejected: 0 });
    expect(await reviewPage().getByTestId('queue-row').getAttribute('data-queue')).toBe(QUEUE);

    await form.getByLabel('Queue name').fill(QUEUE);
    await form.getByRole('button', { name: 'Create queue' }).click();
    await poll(() => form.getByTestId('queue-error-name').textContent()).toContain(QUEUE);
    expect(await reviewPage().getByTestId('queue-row').count()).toBe(1);
  });

  it('enqueues from the rule’s captures, then from the dataset', async () => {
    const form = reviewPage().getByRole('form', { name: 'Enqueue datapoints' });
    const result = form.getByTestId('enqueue-result');
    const numbers = async () => ({
      matched: await result.getAttribute('data-matched'),
      enqueued: await result.getAttribute('data-enqueued'),
      already: await result.getAttribute('data-already'),
    });
    // The golden dataset is not offered as a source.
    await form.getByLabel('From a dataset').check();
    const offered = await form
      .getByLabel('Dataset')
      .locator('option')
      .evaluateAll((o) => o.map((x) => x.getAttribute('value')));
    expect(offered).toContain(COLLECTION);
    expect(offered).not.toContain(GOLDEN);

    await form.getByLabel('From a rule’s captures').check();
    await form.getByLabel('Capture rule').selectOption({ label: `review-rule → ${COLLECTION} (4 captured)` });
    await form.getByLabel('Limit').fill('3');
    await form.getByRole('button', { name: 'Enqueue' }).click();
    await poll(numbers).toEqual({ matched: '4', enqueued: '3', already: '0' });
    await expectCounts({ pending: 3, claimed: 0, completed: 0, approved: 0, rejected: 0 });

    await form.getByLabel('From a dataset').check();
    await form.getByLabel('Dataset', { exact: true }).selectOption(COLLECTION);
    await form.getByLabel('Limit').fill('');
    await form.getByRole('button', { name: 'Enqueue' }).click();
    await poll(numbers).toEqual({ matched: '4', enqueued: '1', already: '3' });
    await expectCounts({ pending: 4, claimed: 0, completed: 0, approved: 0, rejected: 0 });
    await poll(() => reviewPage().getByTestId('item-row').count()).toBe(4);
  });

  it('claims the next item with Next and shows its messages as text', async () => {
    await reviewPage().getByTestId('review-next').click();
    await poll(shown).toEqual({ span: 'rv-1', state: 'claimed', outcome: '' });
    await expectCounts({ pending: 3, claimed: 1, completed: 0, approved: 0, rejected: 0 });
    const input = item().getByTestId('review-input');
    expect(await input.locator('[data-chat="role"]').allTextContents()).toEqual(['system', 'user']);
    expect(await input.locator('[data-chat="text"]').allTextContents()).toEqual(['Answer briefly.', XSS]);
    expect(await item().getByTestId('review-original-output').locator('[data-chat="text"]').textContent()).toBe(
      'Original answer one',
    );
    expect(await reviewPage().locator('img').count()).toBe(0);
    expect(await pwned()).toBeUndefined();
    // The shortcuts are listed.
    expect(await reviewPage().getByTestId('review-keys').textContent()).toMatch(/a approve.*r reject/);
  });

  it('edits the output: invalid JSON and a non-message value refused inline, the original kept', async () => {
    await blur();
    await page.keyboard.press('e');
    const editor = item().getByTestId('output-editor');
    await poll(() => editor.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(JSON.parse(await editor.inputValue())).toEqual([{ role: 'assistant', content: 'Original answer one' }]);

    await editor.fill('[{"role": "assistant", "content": ');
    await editor.press('Control+Enter');
    await poll(() => item().getByTestId('output-editor-error').textContent()).toMatch(/^Not valid JSON/);
    // The original is still beside the edit, and nothing changed.
    expect(await item().getByTestId('review-original-output').locator('[data-chat="text"]').textContent()).toBe(
      'Original answer one',
    );
    expect(await item().getAttribute('data-state')).toBe('claimed');

    await editor.fill('{"content": "no role"}');
    await editor.press('Control+Enter');
    await poll(() => item().getByTestId('output-editor-error').textContent()).toMatch(/^output: /);

    await editor.fill(JSON.stringify(EDITED, null, 2));
    await page.screenshot({ path: screenshotPath('review.png') });
    await editor.press('Control+Enter');
    await poll(() => item().getByTestId('output-editor').count()).toBe(0);
    expect(await item().getByTestId('review-edited-output').locator('[data-chat="text"]').textContent()).toBe(
      EDITED[0]!.content,
    );
    expect(await item().getByTestId('review-original-output').locator('[data-chat="text"]').textContent()).toBe(
      'Original answer one',
    );
    expect(await reviewPage().locator('b, img').count()).toBe(0);
    await expectCounts({ pending: 3, claimed: 1, completed: 0, approved: 0, rejected: 0 });

    // Esc cancels an edit without saving.
    await blur();
    await page.keyboard.press('e');
    await editor.fill('[]');
    await editor.press('Escape');
    await poll(() => item().getByTestId('output-editor').count()).toBe(0);
    expect(await item().getByTestId('review-edited-output').locator('[data-chat="text"]').textContent()).toBe(
      EDITED[0]!.content,
    );
  });

  it('approves with the keyboard, linking to the golden dataset', async () => {
    await blur();
    await page.keyboard.press('a');
    await poll(shown).toEqual({ span: 'rv-1', state: 'completed', outcome: 'approved' });
    await expectCounts({ pending: 3, claimed: 0, completed: 1, approved: 1, rejected: 0 });
    const link = item().getByTestId('golden-link');
    expect(await link.textContent()).toBe(GOLDEN);
    expect(await link.getAttribute('href')).toBe('#/datasets');
  });

  it('rejects with the keyboard; keys typed in a field do nothing', async () => {
    await page.keyboard.press('n');
    await poll(shown).toEqual({ span: 'rv-2', state: 'claimed', outcome: '' });
    await expectCounts({ pending: 2, claimed: 1, completed: 1, approved: 1, rejected: 0 });
    // Typing a reason (with "a" and "r" in it) neither approves nor rejects.
    const reason = item().getByLabel('Rejection reason (optional)');
    await reason.click();
    await page.keyboard.type('wrong area');
    expect(await reason.inputValue()).toBe('wrong area');
    expect(await item().getAttribute('data-state')).toBe('claimed');
    await blur();
    await page.keyboard.press('r');
    await poll(shown).toEqual({ span: 'rv-2', state: 'completed', outcome: 'rejected' });
    expect(await item().getByTestId('review-outcome').textContent()).toContain('Rejected: wrong area');
    await expectCounts({ pending: 2, claimed: 0, completed: 2, approved: 1, rejected: 1 });
  });

  it('skips to another item and releases it', async () => {
    await page.keyboard.press('j');
    await poll(shown).toEqual({ span: 'rv-3', state: 'claimed', outcome: '' });
    await expectCounts({ pending: 1, claimed: 1, completed: 2, approved: 1, rejected: 1 });
    await page.keyboard.press('s');
    await poll(shown).toEqual({ span: 'rv-4', state: 'claimed', outcome: '' });
    await expectCounts({ pending: 1, claimed: 1, completed: 2, approved: 1, rejected: 1 });
    await item().getByRole('button', { name: 'Edit output' }).waitFor();
    await reviewPage().getByRole('button', { name: 'Release' }).click();
    await reviewPage().getByTestId('review-empty').waitFor();
    await expectCounts({ pending: 2, claimed: 0, completed: 2, approved: 1, rejected: 1 });
  });

  it('lists the items by state, a page at a time', async () => {
    const list = reviewPage().getByTestId('item-list');
    const ids = () => list.getByTestId('item-row').evaluateAll((r) => r.map((x) => x.getAttribute('data-outcome')));
    await list.getByTestId('items-pending').click();
    await poll(() => list.getByTestId('item-row').count()).toBe(2);
    await list.getByTestId('items-claimed').click();
    await list.getByTestId('items-empty').waitFor();
    await list.getByTestId('items-completed').click();
    await poll(ids).toEqual(['approved', 'rejected']);
    expect(await list.getByRole('link', { name: `→ ${GOLDEN}` }).count()).toBe(1);
  });

  it('the golden dataset holds the approved item with the edited output, shown as text', async () => {
    await reviewPage()
      .getByTestId('item-list')
      .getByRole('link', { name: `→ ${GOLDEN}` })
      .click();
    await page.getByTestId('datasets-panel').waitFor();
    expect(await page.getByTestId('nav-datasets').getAttribute('aria-current')).toBe('page');
    const row = page.locator(`[data-testid="dataset-row"][data-dataset="${GOLDEN}"]`);
    await poll(() => row.locator('td[data-cell="rows"]').getAttribute('data-rows')).toBe('1');
    await row.getByRole('button', { name: GOLDEN }).click();
    const datapoint = page.getByTestId('dataset-details').getByTestId('datapoint');
    await poll(() => datapoint.count()).toBe(1);
    expect(await datapoint.getAttribute('data-span-id')).toBe('rv-1');
    const texts = await datapoint.locator('[data-preview]').allTextContents();
    expect(texts).toEqual([`in system: Answer briefly. · user: ${XSS}`, `out assistant: ${EDITED[0]!.content}`]);
    expect(await page.getByTestId('datasets-panel').locator('img, b').count()).toBe(0);
    expect(await pwned()).toBeUndefined();
  });

  it('deletes the queue after a confirm step; the golden dataset stays', async () => {
    await showPage(page, 'review');
    await reviewPage()
      .getByRole('button', { name: `Delete queue ${QUEUE}` })
      .click();
    const confirm = reviewPage().getByRole('group', { name: `Confirm deleting queue ${QUEUE}` });
    expect(await confirm.textContent()).toContain('4 items');
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    expect(await reviewPage().getByTestId('queue-row').count()).toBe(1);
    await reviewPage()
      .getByRole('button', { name: `Delete queue ${QUEUE}` })
      .click();
    await confirm.getByRole('button', { name: 'Yes, delete' }).click();
    await reviewPage().getByTestId('queue-list-empty').waitFor();
    await reviewPage().getByTestId('review-no-queue').waitFor();
    await showPage(page, 'datasets');
    await poll(() =>
      page
        .locator(`[data-testid="dataset-row"][data-dataset="${GOLDEN}"] td[data-cell="rows"]`)
        .getAttribute('data-rows'),
    ).toBe('1');
  });

  it('made every request to its own origin and logged no errors', async () => {
    expect(requests.some((url) => url.endsWith('.wasm'))).toBe(true);
    expect(foreignRequests(requests, origin)).toEqual([]);
    expect(problems).toEqual([]);
    expect(await pwned()).toBeUndefined();
  });
});
