// Types of scripts/chromium.mjs for the TypeScript tests.
import type { Browser } from 'playwright-core';

/** Flags for a headless Chromium that makes no background requests. */
export declare const CHROMIUM_ARGS: string[];

/** Starts /usr/bin/chromium through playwright-core (never a downloaded browser). */
export declare function launchChromium(): Promise<Browser>;
