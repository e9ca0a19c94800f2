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

/** Starts /usr/bin/chromium through playwright-core (never a downloaded browser). */
export function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * Starts /usr/bin/chromium on a persistent profile (`userDataDir`): what the browser stores for a
 * site (OPFS included) stays there across launches, as in a person's browser.
 */
export function launchPersistentChromium(userDataDir, options = {}) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    ...options,
  });
}
