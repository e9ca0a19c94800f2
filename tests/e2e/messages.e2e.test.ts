// Canonical messages in a real browser, on a real trace export with tool calls (pydantic-ai through
// Langfuse, tests/fixtures/real/langfuse-framework-traces): imported through the Import page, a
// generation's drawer shows the assistant's tool calls (name, id, arguments) and the tool results
// answering them, in the order of the conversation; an eval dataset of the trace's generations
// previews the tool-calling output as "assistant → name(arguments)" (never an empty "assistant:"),
// and opening the row shows the calls as in the drawer. Expected values are read from the fixture.
// A crafted span checks reasoning: collapsed apart from the answer, a redacted one as encrypted.
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importThroughPage, waitForSamples } from './crafted.js';
import { foreignRequests, openApp, showPage, type Preview } from './harness.js';

const FILE = 'pydantic-ai-tools-2025-12-04.trace.json';
const FIXTURE = readFileSync(new URL(`../fixtures/real/langfuse-framework-traces/${FILE}`, import.meta.url));

interface Part {
  type: string;
  id?: string;
  name?: string;
  arguments?: unknown;
  result?: string;
}
interface Observation {
  id: string;
  type: string;
  input: { role: string; parts: Part[] }[];
  output: { role: string; parts: Part[] }[];
}
const EXPORT = JSON.parse(FIXTURE.toString('utf8')) as { trace: { id: string }; observations: Observation[] };
const TRACE = EXPORT.trace.id;
const generation = (pick: (o: Observation) => boolean) =>
  EXPORT.observations.find((o) => o.type === 'GENERATION' && pick(o))!;
const parts = (messages: { parts: Part[] }[], type: string) =>
  messages.flatMap((m) => m.parts.filter((p) => p.type === type));
/** The generation whose input holds tool calls and their results (the conversation went on). */
const ANSWERER = generation((o) => parts(o.input, 'tool_call_response').length > 0);
const ANSWERED = parts(ANSWERER.input, 'tool_call_response').map((r) => r.id);
/** The generation whose output made those calls (only calls, no text). */
const CALLER = generation(
  (o) => JSON.stringify(parts(o.output, 'tool_call').map((c) => c.id)) === JSON.stringify(ANSWERED),
);
const CALLS = parts(CALLER.output, 'tool_call');

/** expect.poll with room for a busy machine. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn);

describe('canonical messages with tool calls in Chromium', () => {
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

  /** Applies `query` in the Inferences query box and waits for the listing that answers it. */
  async function applyQuery(query: string): Promise<void> {
    await showPage(page, 'inferences');
    const box = page.getByTestId('query-input');
    await box.fill(query);
    await box.press('Enter');
    await poll(() => page.getByTestId('span-count').getAttribute('data-filter')).toBe(JSON.stringify(query));
  }

  /** Opens the drawer of span `id` from the listing. */
  async function openDrawer(id: string) {
    await page.locator(`[data-testid="span-row"][data-span-id="${id}"]`).click();
    await poll(() => page.getByTestId('span-drawer').getAttribute('data-span-id')).toBe(id);
  }

  it('imports the real Langfuse export of a pydantic-ai agent calling tools', async () => {
    // Several calls answered in one go, by a later generation; the output holds no text.
    expect(CALLS.length).toBeGreaterThan(1);
    expect(parts(CALLER.output, 'text')).toEqual([]);
    expect(ANSWERER.id).not.toBe(CALLER.id);
    await waitForSamples(page);
    await importThroughPage(page, FILE, FIXTURE);
    await applyQuery(`trace:${TRACE} kind:llm_call`);
    await poll(() => page.getByTestId('span-row').count()).toBe(
      EXPORT.observations.filter((o) => o.type === 'GENERATION').length,
    );
  });

  it("shows a generation's tool calls with their arguments in the drawer", async () => {
    await openDrawer(CALLER.id);
    const output = page.getByTestId('span-drawer').getByTestId('chat-output');
    const message = output.getByTestId('chat-message');
    expect(await message.getAttribute('data-role')).toBe('assistant');
    const calls = output.getByTestId('tool-call');
    expect(await calls.locator('code').allTextContents()).toEqual(CALLS.map((c) => c.name));
    expect(await calls.locator('[data-chat="call-id"]').allTextContents()).toEqual(CALLS.map((c) => ` · ${c.id}`));
    expect(await calls.locator('pre').allTextContents()).toEqual(
      CALLS.map((c) => JSON.stringify(c.arguments, null, 2)),
    );
    // An output that is only tool calls has no empty text.
    expect(await message.locator('[data-chat="text"]').count()).toBe(0);
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('span-drawer').count()).toBe(0);
  });

  it('shows the tool results answering the calls in the next generation’s input', async () => {
    await openDrawer(ANSWERER.id);
    const input = page.getByTestId('span-drawer').getByTestId('chat-input');
    const responses = parts(ANSWERER.input, 'tool_call_response');
    const askedFor = parts(ANSWERER.input, 'tool_call');
    // system, user, the assistant's calls, one tool message per result.
    expect(
      await input.getByTestId('chat-message').evaluateAll((els) => els.map((el) => el.getAttribute('data-role'))),
    ).toEqual(['system', 'user', 'assistant', ...responses.map(() => 'tool')]);
    expect(await input.getByTestId('tool-call').locator('code').allTextContents()).toEqual(askedFor.map((c) => c.name));
    const results = input.getByTestId('tool-result');
    expect(await results.locator('[data-chat="call-id"]').allTextContents()).toEqual(
      responses.map((r) => ` · ${r.id}`),
    );
    expect(await results.locator('pre').allTextContents()).toEqual(responses.map((r) => r.result));
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('span-drawer').count()).toBe(0);
  });

  it('previews the tool-calling output of a dataset row as the calls, opened as the chat', async () => {
    await applyQuery(`trace:${TRACE} kind:llm_call`);
    await showPage(page, 'datasets');
    await page.getByTestId('new-eval').click();
    const flow = page.getByTestId('dataset-flow');
    await flow.getByLabel('Dataset name').fill('tool-calls-eval');
    await poll(() => flow.getByTestId('dataset-preview').getAttribute('data-state')).toBe('ready');
    await flow.getByRole('button', { name: 'Save eval dataset' }).click();
    await page.getByTestId('dataset-report').filter({ hasText: 'tool-calls-eval' }).waitFor();
    const details = page.getByTestId('dataset-details');
    await poll(() => details.getByRole('heading', { level: 3 }).getByTestId('dataset-name').textContent()).toBe(
      'tool-calls-eval',
    );
    const row = details.locator(`[data-testid="datapoint"][data-span-id="${CALLER.id}"]`);
    await poll(() => row.count()).toBe(1);
    const out = row.locator('[data-preview]').nth(1);
    expect(await out.textContent()).toBe(
      `out assistant → ${CALLS.map((c) => `${c.name}(${JSON.stringify(c.arguments)})`).join(', ')}`,
    );
    // Opened: the calls as in the drawer.
    await out.click();
    const full = row.getByLabel('Full output', { exact: true });
    await full.waitFor();
    expect(await full.getByTestId('tool-call').locator('code').allTextContents()).toEqual(CALLS.map((c) => c.name));
    // No row of the trace previews as an empty message.
    const lines = await details.getByTestId('datapoint').locator('[data-preview]').allTextContents();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toMatch(/:\s*(·|$)/);
  });

  it('shows reasoning apart from the answer, collapsed, and a redacted one as encrypted', async () => {
    const line = JSON.stringify({
      span_id: 'e2e-reasoning',
      trace_id: 'e2e-reasoning',
      name: 'reasoning probe',
      kind: 'llm_call',
      status: 'completed',
      started_at: '2020-01-01T00:00:00Z',
      ended_at: '2020-01-01T00:00:01Z',
      input: [{ role: 'user', content: 'Capital of France?' }],
      output: [
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'The user asks <b>a capital</b>.' },
            { type: 'reasoning', text: '', redacted: true },
            { type: 'text', text: 'Paris.' },
          ],
        },
      ],
    });
    await importThroughPage(page, 'reasoning.jsonl', Buffer.from(line + '\n'));
    await applyQuery('trace:e2e-reasoning');
    await openDrawer('e2e-reasoning');
    const output = page.getByTestId('span-drawer').getByTestId('chat-output');
    const [thought, redacted] = [output.getByTestId('reasoning').nth(0), output.getByTestId('reasoning').nth(1)];
    // Collapsed until asked for; the answer is the message's text.
    expect(await thought.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
    expect(await output.locator('[data-chat="body"] > [data-chat="text"]').allTextContents()).toEqual(['Paris.']);
    await thought.locator('summary').click();
    expect(await thought.locator('[data-chat="text"]').textContent()).toBe('The user asks <b>a capital</b>.');
    expect(await redacted.textContent()).toBe('reasoning (encrypted, not shown)');
    expect(await output.locator('b').count()).toBe(0);
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('span-drawer').count()).toBe(0);
  });

  it('made every request to its own origin and logged no errors', () => {
    expect(foreignRequests(requests, origin)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
