// Drives docs/examples/browser/main.js in headless Chromium: opens the page, picks the trace file,
// waits for the summary it prints, and records every request (worker fetches included) and every
// page error.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { foreignRequests } from '../e2e/harness.js';

/** One page of an example, opened in its own browser context. */
export interface ExamplePage {
  page: Page;
  context: BrowserContext;
  /** Every URL the page and its workers asked for. */
  requests: string[];
  /** Page errors and console errors. */
  problems: string[];
  /** Requests that went neither to `origin` nor to a data: or blob: URL. */
  foreign(): string[];
}

/** Opens `url` (an example page served at `origin`) and waits until its file input is enabled. */
export async function openExample(browser: Browser, origin: string, url: string): Promise<ExamplePage> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  context.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  await page.goto(url);
  // Enabled once open() resolved: the worker started and the wasm engine loaded.
  await page.locator('#file:enabled').waitFor({ timeout: 180_000 });
  return { page, context, requests, problems, foreign: () => foreignRequests(requests, origin) };
}

/** Picks `traces` in the example's file input; resolves to the JSON summary the page prints. */
export async function runExample(example: ExamplePage, traces: string): Promise<Record<string, unknown>> {
  await example.page.setInputFiles('#file', traces);
  const result = example.page.locator('#result[data-done]');
  await result.waitFor({ timeout: 180_000 });
  return JSON.parse((await result.textContent()) ?? 'null') as Record<string, unknown>;
}
