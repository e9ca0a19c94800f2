// The app's frame in Chromium: the navigation (links, keyboard, deep links, Back), the persistent
// header (storage state, database size, the import in progress), the Content-Security-Policy sent
// with the page and the engine worker (and no violation of it), every page fitting a 1280x800
// window, the dark theme following the system, and no request leaving the origin.
// Saves the screenshot dark.png (screenshotPath).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignRequests, openApp, screenshotPath, showPage, type Preview } from './harness.js';

const PAGES = ['inferences', 'import', 'datasets', 'rules', 'review'] as const;
const poll = expect.poll;

/** `n` native spans, one a line, in one trace (about 600 bytes each). */
function spansFile(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    out +=
      JSON.stringify({
        span_id: `shell-${i}`,
        trace_id: `shell-trace-${i % 50}`,
        name: 'shell probe',
        kind: 'llm_call',
        status: 'completed',
        model: 'shell-model',
        started_at: new Date(Date.UTC(2021, 0, 1) + i * 1000).toISOString(),
        ended_at: new Date(Date.UTC(2021, 0, 1) + i * 1000 + 500).toISOString(),
        input: [{ role: 'user', content: `question ${i} `.repeat(20) }],
        output: [{ role: 'assistant', content: `answer ${i}` }],
      }) + '\n';
  }
  return out;
}

const sizeOf = async (page: Page) => {
  const text = (await page.getByTestId('db-size').textContent()) ?? '';
  const m = /DB ([\d.]+) (B|KB|MB|GB)/.exec(text);
  if (!m) return NaN;
  return Number(m[1]) * { B: 1, KB: 1e3, MB: 1e6, GB: 1e9 }[m[2] as 'B'];
};

describe('the app frame in Chromium', () => {
  let server: Preview | undefined;
  let origin = '';
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];
  const headers = new Map<string, string | undefined>();

  beforeAll(async () => {
    ({ server, origin, browser, context, page } = await openApp({ requests, problems }));
    context.on('response', (response) => headers.set(response.url(), response.headers()['content-security-policy']));
    // Any CSP violation of the page is a problem too.
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      ),
    );
    await page.goto(`${origin}/`);
    await page.waitForFunction(
      () => /^Imported/.test(document.querySelector('[data-testid="status"]')?.textContent ?? ''),
      null,
      { timeout: 180_000 },
    );
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens on Inferences and shows every page from its link, one at a time', async () => {
    expect(await page.getByTestId('nav-inferences').getAttribute('aria-current')).toBe('page');
    for (const route of PAGES) {
      await showPage(page, route);
      expect(new URL(page.url()).hash).toBe(`#/${route}`);
      for (const other of PAGES) {
        const shown = await page
          .getByTestId(`page-${other}`)
          .evaluate((e) => !(e as HTMLElement).hidden && getComputedStyle(e).display !== 'none');
        expect(shown, `${other} shown on ${route}`).toBe(other === route);
      }
      expect(await page.locator('[aria-current="page"]').count()).toBe(1);
    }
  });

  it('follows Back and deep links', async () => {
    await showPage(page, 'import');
    await showPage(page, 'review');
    await page.goBack();
    await poll(() => page.getByTestId('nav-import').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('page-import').isVisible()).toBe(true);
    await page.goto(`${origin}/#/datasets`);
    await poll(() => page.getByTestId('page-datasets').isVisible()).toBe(true);
    await page.goto(`${origin}/#/no-such-page`);
    await poll(() => page.getByTestId('page-inferences').isVisible()).toBe(true);
  });

  it('is navigable with the keyboard alone', async () => {
    await page.goto(`${origin}/#/inferences`);
    await page.getByTestId('page-inferences').waitFor();
    // From the header's last control, Tab walks the navigation links in order; Enter follows one.
    await page.getByTestId('check-db').focus();
    await page.keyboard.press('Tab');
    let focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
    expect(focused).toBe('nav-inferences');
    while (focused !== 'nav-rules') {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
      expect(focused).toMatch(/^nav-/);
    }
    // The focused link is visibly outlined.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('nav-rules').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('page-rules').evaluate((e) => (e as HTMLElement).hidden)).toBe(false);
  });

  it('shows the storage state and the database size, which grows with an import', async () => {
    await showPage(page, 'inferences');
    const badge = await page.getByTestId('storage-badge').textContent();
    // The test's browser context is not a persistent profile: either state is worded plainly.
    expect(['Saved in this browser', 'In memory: nothing will be saved']).toContain(badge);
    await poll(() => sizeOf(page)).toBeGreaterThan(0);
    const before = await sizeOf(page);

    // A file large enough to watch (12 MB): the header says an import runs and links to its page.
    await showPage(page, 'import');
    await page.getByTestId('file-input').setInputFiles({
      name: 'shell-big.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(spansFile(20_000)),
    });
    const indicator = page.getByTestId('import-indicator');
    await indicator.waitFor();
    expect(await indicator.textContent()).toMatch(/^Importing shell-big\.jsonl · \d+%$/);
    expect(await indicator.getAttribute('href')).toBe('#/import');
    await indicator.waitFor({ state: 'detached', timeout: 120_000 });
    await poll(() => sizeOf(page), { timeout: 60_000 }).toBeGreaterThan(before + 3e6);
  });

  it('sends its Content-Security-Policy with the page and the engine worker', async () => {
    const page0 = headers.get(`${origin}/`);
    expect(page0).toContain("default-src 'self'");
    expect(page0).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(page0).not.toMatch(/(^|\s)'unsafe-eval'/); // only 'wasm-unsafe-eval'
    const scriptSrc = page0!.split(';').find((d) => d.trim().startsWith('script-src'))!;
    expect(scriptSrc).not.toContain("'unsafe-inline'"); // no inline scripts
    const worker = [...headers.keys()].find((url) => /\/assets\/worker-[^/]*\.js$/.test(url));
    expect(worker, 'the engine worker script was loaded').toBeDefined();
    expect(headers.get(worker!)).toContain("connect-src 'self'");
    // The meta tag says the same for a server that sends no header.
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(meta).toContain("script-src 'self' 'wasm-unsafe-eval'");
  });

  it('fits every page in a 1280x800 window without sideways scrolling', async () => {
    for (const route of PAGES) {
      await showPage(page, route);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `page ${route}`).toBeLessThanOrEqual(0);
    }
  });

  it('follows the system theme: dark colours when the system is dark', async () => {
    await showPage(page, 'inferences');
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    expect(dark).not.toBe(light);
    // Dark: a background darker than its text.
    const luminance = (rgb: string) => {
      const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    expect(luminance(dark)).toBeLessThan(80);
    expect(luminance(light)).toBeGreaterThan(200);
    await page.screenshot({ path: screenshotPath('dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('made every request to its own origin, violated no policy and logged no errors', () => {
    expect(requests.some((url) => url.endsWith('.wasm'))).toBe(true);
    expect(foreignRequests(requests, origin)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
