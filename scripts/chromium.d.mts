// Types of scripts/chromium.mjs for the TypeScript tests.
import type { Browser, BrowserContext, LaunchOptions } from 'playwright-core';

/** How long a browser action may take before it fails (only detects a hang). */
export declare const ACTION_TIMEOUT_MS: number;

/** Flags for a headless Chromium that makes no background requests. */
export declare const CHROMIUM_ARGS: string[];

/** Starts /usr/bin/chromium through playwright-core (never a downloaded browser). */
export declare function launchChromium(): Promise<Browser>;

/** Starts /usr/bin/chromium on a persistent profile (`userDataDir`), downloads accepted. */
export declare function launchPersistentChromium(
  userDataDir: string,
  options?: Partial<LaunchOptions> & Record<string, unknown>,
): Promise<BrowserContext>;
