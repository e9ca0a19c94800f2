// Crafted trace data of the Capture rules and Review queue end-to-end tests: native span lines (one
// input holds an HTML/script payload), the engine's sampling decision recomputed from its
// definition (docs/QUERY.md), and importing a file through the app's Import page.
import { Buffer } from 'node:buffer';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { showPage } from './harness.js';

/** An input that would run script if it were ever rendered as HTML. */
export const XSS = '<img src=x onerror="window.__pwned=1">';

/** A crafted span: the fields the tests filter on, and its input and output messages. */
export interface CraftedSpan {
  id: string;
  env: string;
  status: 'completed' | 'failed' | 'running';
  user: string;
  answer: string;
  minute?: number;
}

/** One native JSONL line of the span. */
export function spanLine(s: CraftedSpan): string {
  const minute = String(s.minute ?? 0).padStart(2, '0');
  return JSON.stringify({
    span_id: s.id,
    trace_id: `trace-${s.id}`,
    name: `crafted ${s.id}`,
    kind: 'llm_call',
    status: s.status,
    model: 'crafted-model',
    provider: 'openai',
    environment: s.env,
    task: 'crafted',
    started_at: `2021-03-04T05:${minute}:00Z`,
    ended_at: s.status === 'running' ? null : `2021-03-04T05:${minute}:02Z`,
    input: [
      { role: 'system', content: 'Answer briefly.' },
      { role: 'user', content: s.user },
    ],
    output: [{ role: 'assistant', content: s.answer }],
  });
}

/** The lines of `spans` as one file's contents. */
export function jsonl(spans: CraftedSpan[]): Buffer {
  return Buffer.from(spans.map(spanLine).join('\n') + '\n');
}

/** The same contents as a Blob, for the reference client. */
export function jsonlBlob(spans: CraftedSpan[]): Blob {
  return new Blob([spans.map(spanLine).join('\n') + '\n']);
}

const MASK = (1n << 64n) - 1n;

/** SplitMix64's finaliser. */
function mix64(x: bigint): bigint {
  x = ((x ^ (x >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
  x = ((x ^ (x >> 27n)) * 0x94d049bb133111ebn) & MASK;
  return x ^ (x >> 31n);
}

/** FNV-1a over the UTF-8 bytes, then mix64 with the length (the engine's hash_text). */
function hashText(text: string): bigint {
  const bytes = Buffer.from(text, 'utf8');
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) h = ((h ^ BigInt(b)) * 0x100000001b3n) & MASK;
  return mix64(h ^ BigInt(bytes.length));
}

/** Whether a rule with `seed` and `rate` keeps span `spanId` (docs/QUERY.md, Sampling). */
export function sampleKeeps(spanId: string, seed: number, rate: number): boolean {
  const key = mix64(hashText(spanId) ^ mix64((BigInt(seed) + 0x9e3779b97f4a7c15n) & MASK));
  return Number(key >> 11n) * 2 ** -53 < rate;
}

/** expect.poll with room for a busy machine. */
function poll<T>(fn: () => T | Promise<T>) {
  return expect.poll(fn);
}

/** Imports `buffer` as `name` through the Import page's file input; resolves when it is reported. */
export async function importThroughPage(page: Page, name: string, buffer: Buffer): Promise<void> {
  await showPage(page, 'import');
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'application/x-ndjson', buffer });
  await poll(() => page.getByTestId('import-report').textContent()).toContain(name);
  await poll(() => page.getByTestId('status').textContent()).toContain(`from ${name}`);
}

/** Waits for the sample traces the app imports on first start (an empty database). */
export async function waitForSamples(page: Page): Promise<void> {
  await poll(() => page.getByTestId('status').textContent()).toMatch(/^Imported [\d,]+ spans/);
}
