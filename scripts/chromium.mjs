// Launches Debian's Chromium headless for tests and benchmarks, with the flags that keep it off
// the network (TOOLCHAIN.md: without them it tries Google's hosts at every start).
import { chromium } from 'playwright-core';

/** Flags for a headless Chromium that makes no background requests. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * How long a browser action (a click, a file pick, a navigation, a wait for an element) may take
 * before it fails. Design note: long enough for a loaded machine (playwright's own 30 s made tests
 * fail while both cores were busy); it only detects a hang, and tests never wait it out.
 */
export const ACTION_TIMEOUT_MS = 120_000;

function withTimeouts(context) {
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  return context;
}

/** Starts /usr/bin/chromium through playwright-core (never a downloaded browser). */
export async function launchChromium() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  // Every context it makes (and the one behind browser.newPage) gets the action timeout.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => withTimeouts(await newContext(options));
  browser.newPage = async (options) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.on('close', () => void context.close().catch(() => undefined));
    return page;
  };
  return browser;
}

/**
 * Starts /usr/bin/chromium on a persistent profile (`userDataDir`): what the browser stores for a
 * site (OPFS included) stays there across launches, as in a person's browser.
 */
export async function launchPersistentChromium(userDataDir, options = {}) {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    ...options,
  });
  return withTimeouts(context);
}
