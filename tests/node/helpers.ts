// Shared fixtures of the node tests: native span lines, temp dirs, and running the CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
export function cli(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
