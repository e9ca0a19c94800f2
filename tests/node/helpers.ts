// Shared fixtures of the node tests: native span lines, temp dirs, and running the CLI.
import { expect } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TraceSiftError } from '../../dist/worker/src/errors.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The built CLI. */
export const CLI = join(ROOT, 'dist/cli/tracesift.js');

/** A fresh temporary directory. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tracesift-node-'));
}

/** One native JSONL line. */
export function spanLine(id: string, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({
    span_id: id,
    trace_id: `trace-${id}`,
    name: `call ${id}`,
    kind: 'llm_call',
    model: 'gpt-4o',
    provider: 'openai',
    started_at: '2025-05-01T12:00:00Z',
    ended_at: '2025-05-01T12:00:01.5Z',
    input_tokens: 100,
    output_tokens: 20,
    cost_usd: 0.0007,
    ...fields,
  });
}

/** The result of one CLI run. */
export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI synchronously. */
export function cli(...args: string[]): Promise<CliResult> {
  // Asynchronous, so the test worker's event loop keeps answering vitest while the CLI runs (a
  // test blocked in spawnSync for a minute makes vitest report "Timeout calling onTaskUpdate").
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}

/** Runs the CLI, expecting success (exit 0, nothing on stderr); returns what it printed. */
export async function cliOk(...args: string[]): Promise<string> {
  const r = await cli(...args);
  expect({ args, stderr: r.stderr, status: r.status }).toEqual({ args, stderr: '', status: 0 });
  return r.stdout;
}

/** Runs the CLI, expecting success, and parses the JSON it printed. */
export async function cliJson(...args: string[]) {
  return JSON.parse(await cliOk(...args));
}

/**
 * Runs the CLI, expecting it to fail with exit `status`, nothing on stdout and one JSON error with
 * `code` (and `field`, when given) on stderr; returns the error.
 */
export async function cliFails(args: string[], status: number, code: string, field?: string) {
  const r = await cli(...args);
  expect({ args, status: r.status, stdout: r.stdout }).toEqual({ args, status, stdout: '' });
  const error = JSON.parse(r.stderr).error;
  expect({ args, code: error.code }).toEqual({ args, code });
  if (field !== undefined) expect({ args, field: error.field }).toEqual({ args, field });
  return error;
}

/** Writes `spans` seeded synthetic spans (native JSONL, bench/generate.mjs) to a temp file. */
export function generateSpans(spans: number, seed: number): string {
  const out = join(tempDir(), `generated-${spans}-${seed}.jsonl`);
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'bench/generate.mjs'), '--spans', String(spans), '--seed', String(seed), '--out', out],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`bench/generate.mjs failed: ${r.stderr}`);
  return out;
}

/** The records of JSONL text. */
export function parseLines<T = Record<string, unknown>>(text: string): T[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** A span's started_at as nanoseconds since the epoch (RFC 3339 with up to 9 fraction digits). */
export function timeNanos(rfc3339: string): bigint {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(rfc3339);
  if (!m) throw new Error(`not RFC 3339: ${rfc3339}`);
  const seconds = Date.parse(`${m[1]}${m[3]}`);
  return BigInt(seconds) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** The error a promise rejects with, a TraceSiftError (the test fails if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<TraceSiftError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`resolved with ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(TraceSiftError);
  return outcome.error as TraceSiftError;
}
