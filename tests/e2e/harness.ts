// What every end-to-end test file needs: the built app (dist/app) served by `vite preview`
// (scripts/preview.mjs, shared with bench/ui_chromium.mjs), the app opened in Chromium, and checks.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPreview, type Preview } from '../../scripts/preview.mjs';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Where the tests save their screenshots: tests/out/screenshots, or the folder in
 * TRACESIFT_SCREENSHOTS (scripts/screenshots.sh points it at docs/screenshots to refresh the
 * README's). A test run never rewrites tracked files.
 */
export function screenshotPath(name: string): string {
  const dir = process.env['TRACESIFT_SCREENSHOTS'] ?? join(ROOT, 'tests/out/screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

export { startPreview, type Preview };

/** The requests that went neither to `origin` nor to a data: or blob: URL. */
export function foreignRequests(requests: readonly string[], origin: string): string[] {
  return requests.filter(
    (url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:'),
  );
}

/** Shows one of the app's pages through its navigation link and waits until it is current. */
export async function showPage(page: import('playwright-core').Page, route: string): Promise<void> {
  const link = page.getByTestId(`nav-${route}`);
  await link.click();
  await link.and(page.locator('[aria-current="page"]')).waitFor();
}

/** What a test file drives: the served app, its browser, and what the page did. */
export interface AppSession {
  server: Preview;
  origin: string;
  browser: import('playwright-core').Browser;
  context: import('playwright-core').BrowserContext;
  page: import('playwright-core').Page;
}

/**
 * Serves dist/app and opens one page of it in a fresh 1280x800 Chromium context (not yet
 * navigated). Every request of the page and of its workers goes into `requests` (for
 * foreignRequests), and every page error and console error into `problems`.
 */
export async function openApp(options: {
  requests: string[];
  problems: string[];
  acceptDownloads?: boolean;
}): Promise<AppSession> {
  const { launchChromium } = await import('../../scripts/chromium.mjs');
  const server = await startPreview();
  const browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    acceptDownloads: options.acceptDownloads ?? false,
  });
  // Requests of the page and of its workers (the engine worker fetches the .wasm).
  context.on('request', (request) => options.requests.push(request.url()));
  const page = await context.newPage();
  page.on('pageerror', (error) => options.problems.push(`page error: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') options.problems.push(`console error: ${msg.text()}`);
  });
  return { server, origin: server.origin, browser, context, page };
}
