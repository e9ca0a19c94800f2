// The Inferences page at scale in a real browser: 50,000 generated spans imported through the Import
// page, then the virtual table (few rows in the DOM, the last row at the very end, rows in the
// middle at their offsets, sorting by cost both ways), keyboard navigation into the span drawer
// (messages as a chat with an HTML payload shown literally, attributes, the trace's spans), the
// charts (a legend entry per top model of the facet counts, redrawn for a new filter) and the time
// range presets. Expected orders and counts are computed here from the generated data. Writes
// the screenshots inferences.png and inferences-drawer.png (screenshotPath).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignRequests, openApp, screenshotPath, showPage, type Preview } from './harness.js';

const ENV = 'e2e-virtual';
const TRACES = 10_000;
const PER_TRACE = 5;
const XSS = '<img src=x onerror="window.__pwned=1">';
/** Models of the llm spans and their weights: distinct counts, so the top five are unambiguous. */
const MODELS: [string, number][] = [
  ['e2e-alpha', 10],
  ['e2e-bravo', 8],
  ['e2e-charlie', 6],
  ['e2e-delta', 5],
  ['e2e-echo', 4],
  ['e2e-foxtrot', 2],
  ['e2e-golf', 1],
];
const CYCLE = MODELS.flatMap(([m, w]) => Array<string>(w).fill(m));
/** Relative time ranges of the presets, in ms; generated spans keep clear of their boundaries. */
const PRESETS: Record<string, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 604_800_000 };
const GAP_MS = 15 * 60_000;

interface Generated {
  span_id: string;
  trace_id: string;
  startMs: number;
  cost: number | null;
  model: string | null;
}

/** The generated file (native JSONL) and what the test expects of it. */
function generate(now: number): { jsonl: string; spans: Generated[] } {
  const lines: string[] = [];
  const spans: Generated[] = [];
  let offset = 60_000;
  let llm = 0;
  for (let t = 0; t < TRACES; t++) {
    // Skip trace starts whose spans would fall just inside a preset's boundary: the engine resolves
    // "last 24h" when it is asked, a little after `now`.
    while (Object.values(PRESETS).some((p) => offset > p - GAP_MS - 10_000 && offset <= p + 10_000)) offset += 80_000;
    const start = now - offset;
    offset += 80_000;
    const traceId = `e2e-trace-${t}`;
    const rootId = `e2e-${t}-0`;
    for (let k = 0; k < PER_TRACE; k++) {
      const startMs = start + k * 2000;
      const id = `e2e-${t}-${k}`;
      const kind = k === 0 ? 'agent' : k === 3 ? 'tool' : 'llm_call';
      const model = kind === 'llm_call' ? CYCLE[llm % CYCLE.length]! : null;
      const cost = kind === 'llm_call' ? (((llm * 7919) % 99_991) + 1) / 1e7 : null;
      if (kind === 'llm_call') llm++;
      const failed = kind === 'llm_call' && llm % 53 === 0;
      const user = t === 0 ? `Please summarise ${XSS} for me` : `question ${t}`;
      const input =
        kind === 'agent'
          ? [{ role: 'user', content: user }]
          : kind === 'tool'
            ? { city: 'Zürich', trace: t }
            : [
                { role: 'system', content: 'You are a terse assistant.' },
                { role: 'user', content: [{ type: 'text', text: user }] },
              ];
      const output =
        kind === 'agent'
          ? [{ role: 'assistant', content: `done ${t}` }]
          : kind === 'tool'
            ? { temperature: 21, note: t === 0 ? XSS : 'ok' }
            : [
                k === 1
                  ? {
                      role: 'assistant',
                      content: null,
                      tool_calls: [
                        {
                          id: `call_${t}`,
                          type: 'function',
                          function: { name: 'get_weather', arguments: '{"city":"Zürich"}' },
                        },
                      ],
                    }
                  : { role: 'assistant', content: `answer ${t}.${k}` },
              ];
      lines.push(
        JSON.stringify({
          span_id: id,
          trace_id: traceId,
          parent_span_id: k === 0 ? null : rootId,
          name: kind === 'agent' ? `agent run ${t}` : kind === 'tool' ? 'get_weather' : `chat ${model}`,
          kind,
          status: failed ? 'failed' : 'completed',
          model,
          provider: model ? 'e2e-provider' : null,
          environment: ENV,
          task: 'virtual-table',
          input_tokens: kind === 'llm_call' ? 50 + (llm % 500) : null,
          output_tokens: kind === 'llm_call' ? 10 + (llm % 97) : null,
          cost_usd: cost,
          started_at: new Date(startMs).toISOString(),
          ended_at: new Date(startMs + 1500).toISOString(),
          input,
          output,
          attributes: { 'e2e.trace': t, 'e2e.note': t === 0 ? XSS : 'plain', 'e2e.nested': { k } },
          error: failed ? 'rate limited' : null,
        }),
      );
      spans.push({ span_id: id, trace_id: traceId, startMs, cost, model });
    }
  }
  return { jsonl: lines.join('\n') + '\n', spans };
}

/** Polls with room for a busy 2-core machine: deep pages and counts over 52,000 spans take a while. */
const poll = <T>(fn: () => T | Promise<T>, options: { timeout?: number; interval?: number } = {}) =>
  expect.poll(fn, { interval: 100, ...options });
const rows = (page: Page) => page.locator('[data-testid="span-row"]');
const countNumber = (text: string | null) => Number((text ?? '').replace(/[^0-9]/g, '') || 'NaN');

describe('the Inferences page with 50,000 spans (Chromium)', () => {
  let server: Preview | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let origin = '';
  const requests: string[] = [];
  const problems: string[] = [];
  const now = Math.floor(Date.now() / 1000) * 1000;
  const data = generate(now);
  /** Ids in the table's default order (newest first); the generated times are all distinct. */
  const byTimeDesc = [...data.spans].sort((a, b) => b.startMs - a.startMs).map((s) => s.span_id);

  /** Waits until the count answers `query` (the composed engine query) and returns it. */
  async function countFor(query: string): Promise<number> {
    const count = page.getByTestId('span-count');
    await poll(() => count.getAttribute('data-filter')).toBe(JSON.stringify(query));
    return countNumber(await count.textContent());
  }
  /** The (index, span id) of every rendered row. */
  const rendered = () =>
    rows(page).evaluateAll((trs) =>
      trs.map((tr) => [Number(tr.getAttribute('data-index')), tr.getAttribute('data-span-id')]),
    );
  const costs = () =>
    rows(page)
      .locator('td[data-cell="cost"]')
      .evaluateAll((tds) =>
        tds.map((td) => (td.getAttribute('title') === null ? null : Number(td.getAttribute('title')!.slice(1)))),
      );
  /** The span table's scroll container: the element holding the table. */
  const scroller = () => page.getByTestId('span-table').locator('xpath=..');
  const legend = (chart: string) =>
    page.locator(`[data-testid="chart-${chart}"] .u-legend .u-series .u-label`).allTextContents();

  beforeAll(async () => {
    ({ server, origin, browser, page } = await openApp({ requests, problems }));
    await page.goto(`${origin}/`);
    // The sample traces load first on an empty database.
    await page.waitForSelector('[data-testid="span-row"]', { timeout: 180_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('imports 50,000 generated spans through the Import page', async () => {
    const before = countNumber(await page.getByTestId('span-count').textContent());
    await showPage(page, 'import');
    await page.getByTestId('file-input').setInputFiles({
      name: 'virtual.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(data.jsonl),
    });
    const report = page.getByTestId('import-report');
    await poll(() => report.textContent(), { timeout: 300_000, interval: 250 }).toContain('virtual.jsonl');
    expect(await report.locator('[data-stat="imported"]').last().textContent()).toBe('50,000 imported');
    await showPage(page, 'inferences');
    await poll(async () => countNumber(await page.getByTestId('span-count').textContent())).toBe(before + 50_000);
  });

  it('keeps few rows in the DOM and reaches the very last span', async () => {
    await page.getByTestId('facet-environment').selectOption(ENV);
    expect(await countFor(`environment:"${ENV}"`)).toBe(data.spans.length);
    await poll(async () => (await rendered())[0]?.[1]).toBe(byTimeDesc[0]);
    expect(await rows(page).count()).toBeLessThan(100);
    expect(await page.locator('[data-testid="span-table"] tr').count()).toBeLessThan(110);
    // The generated spans' table and charts (nine days of them).
    await poll(() => page.getByTestId('charts').getAttribute('data-filter')).toBe(
      JSON.stringify(`environment:"${ENV}"`),
    );
    await poll(() => legend('spans')).toContain('e2e-alpha');
    await page.screenshot({ path: screenshotPath('inferences.png') });
    // Scroll to the very end: the last row is the oldest span.
    await scroller().evaluate((el) => (el.scrollTop = el.scrollHeight));
    await poll(async () => (await rendered()).at(-1)).toEqual([data.spans.length - 1, byTimeDesc.at(-1)]);
    expect(await rows(page).last().getAttribute('aria-rowindex')).toBe(String(data.spans.length + 1));
    expect(await rows(page).count()).toBeLessThan(100);
    // The middle: every rendered row is the span at its offset.
    await scroller().evaluate((el) => (el.scrollTop = el.scrollHeight * 0.37));
    const middle = Math.floor(data.spans.length * 0.37);
    await poll(async () => {
      const list = await rendered();
      const first = (list[0]?.[0] as number | undefined) ?? -1;
      return (
        list.length > 10 && Math.abs(first - middle) < 100 && list.every(([i, id]) => byTimeDesc[i as number] === id)
      );
    }).toBe(true);
  });

  it('sorts the whole listing by cost, largest first and then smallest first', async () => {
    const known = data.spans.map((s) => s.cost).filter((c): c is number => c !== null);
    const down = [...known].sort((a, b) => b - a);
    const up = [...known].sort((a, b) => a - b);
    await page.getByTestId('sort-cost').click();
    await poll(() => page.locator('th[aria-sort="descending"]').textContent()).toContain('Cost');
    await poll(async () => (await costs()).slice(0, 10)).toEqual(down.slice(0, 10));
    expect((await rendered())[0]![0]).toBe(0);
    await page.getByTestId('sort-cost').click();
    await poll(() => page.locator('th[aria-sort="ascending"]').textContent()).toContain('Cost');
    await poll(async () => (await costs()).slice(0, 10)).toEqual(up.slice(0, 10));
    // Spans without a cost come last in both orders.
    await page.getByTestId('span-table').focus();
    await page.keyboard.press('End');
    await poll(async () => (await rendered()).at(-1)?.[0]).toBe(data.spans.length - 1);
    expect((await costs()).slice(-5)).toEqual([null, null, null, null, null]);
    await page.getByTestId('sort-time').click();
    await poll(() => page.locator('th[aria-sort="descending"]').textContent()).toContain('Time');
    await poll(async () => (await rendered())[0]?.[1]).toBe(byTimeDesc[0]);
  });

  it('opens the drawer from the keyboard, with the messages as a chat shown as text', async () => {
    // The newest trace (0) holds the HTML payload; its llm span with the tool call is e2e-0-1.
    const target = byTimeDesc.indexOf('e2e-0-1');
    const table = page.getByTestId('span-table');
    await table.focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown');
    await poll(() => table.getAttribute('aria-activedescendant')).toBe(`span-row-${target}`);
    await page.keyboard.press('Enter');
    const drawer = page.getByTestId('span-drawer');
    await poll(() => drawer.getAttribute('data-span-id')).toBe('e2e-0-1');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('drawer-close');
    const messages = drawer.getByTestId('chat-message');
    expect(await messages.evaluateAll((els) => els.map((el) => el.getAttribute('data-role')))).toEqual([
      'system',
      'user',
      'assistant',
    ]);
    expect(await messages.nth(1).locator('[data-chat="text"]').textContent()).toBe(`Please summarise ${XSS} for me`);
    const call = drawer.getByTestId('tool-call');
    expect(await call.locator('code').textContent()).toBe('get_weather');
    expect(await call.locator('pre').textContent()).toBe('{\n  "city": "Zürich"\n}');
    expect(await drawer.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await page.screenshot({ path: screenshotPath('inferences-drawer.png') });
  });

  it('shows the attributes and the trace, and switches to another span of the trace', async () => {
    const drawer = page.getByTestId('span-drawer');
    await drawer.getByTestId('drawer-tab-attributes').click();
    const attributes = drawer.getByTestId('span-attributes');
    expect(await attributes.locator('[data-field="span_id"] code').textContent()).toBe('e2e-0-1');
    expect(await attributes.locator('[data-field="trace_id"] code').textContent()).toBe('e2e-trace-0');
    expect(await attributes.locator('[data-field="model"] dd').textContent()).toBe(data.spans[1]!.model);
    expect(await attributes.locator('[data-field="e2e.note"] dd').textContent()).toBe(XSS);
    expect(await attributes.locator('[data-field="e2e.nested"] pre').textContent()).toBe('{\n  "k": 1\n}');

    await drawer.getByTestId('drawer-tab-trace').click();
    const lines = drawer.getByTestId('trace-span');
    expect(await lines.evaluateAll((els) => els.map((el) => el.getAttribute('data-span-id')))).toEqual([
      'e2e-0-0',
      'e2e-0-1',
      'e2e-0-2',
      'e2e-0-3',
      'e2e-0-4',
    ]);
    expect(await drawer.locator('[aria-current="true"]').getAttribute('data-span-id')).toBe('e2e-0-1');
    // The tool span: its output holds the payload too.
    await drawer.locator('[data-testid="trace-span"][data-span-id="e2e-0-3"]').click();
    await poll(() => drawer.getAttribute('data-span-id')).toBe('e2e-0-3');
    expect(await drawer.locator('[aria-current="true"]').getAttribute('data-span-id')).toBe('e2e-0-3');
    await drawer.getByTestId('drawer-tab-messages').click();
    const output = (await drawer.getByTestId('chat-output').locator('pre').textContent()) ?? '';
    expect(JSON.parse(output)).toEqual({ temperature: 21, note: XSS });
    expect(await drawer.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    // Esc closes the drawer and gives the focus back to the table.
    await page.keyboard.press('Escape');
    await poll(() => drawer.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('span-table');
  });

  it('charts a series per top model of the facet counts, and redraws for a new filter', async () => {
    await page.getByTestId('facet-environment').selectOption('');
    await countFor('');
    const charts = page.getByTestId('charts');
    await poll(() => charts.getAttribute('data-filter')).toBe(JSON.stringify(''));
    expect(await page.locator('[data-testid="charts"] canvas').count()).toBe(3);
    // The facet dropdown lists models by count; the charts name the top five and sum the rest.
    const options = await page
      .locator('[data-testid="facet-model"] option')
      .evaluateAll((els) => els.slice(1).map((el) => el.textContent!.split(' · ')[0]!));
    const top = options.slice(0, 5).map((m) => (m === '(none)' ? '(no model)' : m));
    for (const chart of ['spans', 'tokens', 'cost']) {
      await poll(() => legend(chart)).toEqual(['Time', ...top, 'other']);
    }
    expect(top).toContain('e2e-alpha');

    const query = page.getByTestId('query-input');
    await query.fill('model:e2e-golf');
    await query.press('Enter');
    const golf = data.spans.filter((s) => s.model === 'e2e-golf').length;
    expect(await countFor('model:e2e-golf')).toBe(golf);
    await poll(() => charts.getAttribute('data-filter')).toBe(JSON.stringify('model:e2e-golf'));
    await poll(() => legend('spans')).toEqual(['Time', 'e2e-golf']);
    expect(await page.getByTestId('charts-summary').textContent()).toContain(`${golf.toLocaleString('en-US')} spans`);
    await query.fill('');
    await query.press('Enter');
    await countFor('');
  });

  it('filters by the time range presets', async () => {
    for (const [preset, ms] of Object.entries(PRESETS)) {
      await page.getByTestId(`time-preset-${preset}`).click();
      expect(await page.getByTestId(`time-preset-${preset}`).getAttribute('aria-pressed')).toBe('true');
      const expected = data.spans.filter((s) => s.startMs >= now - ms).length;
      expect(expected).toBeGreaterThan(0);
      expect(await countFor(`since:${preset}`)).toBe(expected);
    }
    // 30 days: every generated span, none of the samples (from 2025).
    await page.getByTestId('time-preset-30d').click();
    expect(await countFor('since:30d')).toBe(data.spans.length);
    // A custom time clears the preset; "All" clears both.
    await page.getByTestId('filter-since').fill('2020-01-01T00:00');
    await page.getByTestId('filter-since').press('Tab');
    expect(await page.getByTestId('time-preset-30d').getAttribute('aria-pressed')).toBe('false');
    const since = await page.evaluate(() => new Date('2020-01-01T00:00').toISOString());
    expect(await countFor(`since:${since}`)).toBeGreaterThan(data.spans.length);
    await page.getByTestId('time-preset-all').click();
    expect(await page.getByTestId('filter-since').inputValue()).toBe('');
    await countFor('');
  });

  it('made every request to its own origin and logged no errors', () => {
    expect(requests.some((url) => url.endsWith('.wasm'))).toBe(true);
    expect(foreignRequests(requests, origin)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
