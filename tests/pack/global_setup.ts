// Once for every pack test: `npm pack` of the package as built (dist/npm, assembled by
// scripts/package.mjs) into a temp folder, the trace files the examples read, and what the
// repository's own CLI (dist/, not the tarball) reports for the examples' flow on them: the
// reference every installed copy must agree with.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT, run } from './scratch.js';

/** What the examples print for the small trace file (docs/examples). */
export interface Summary {
  imported: number;
  matched: number;
  costliest: string[];
  rows: number;
  rows_hash: string;
}

/** What the pack tests share. */
export interface PackContext {
  /** A temp folder for the run (the scratch projects go inside; removed at the end). */
  workDir: string;
  /** The packed tarball. */
  tarball: string;
  /** The files `npm pack` put in it. */
  files: string[];
  /** A small native JSONL trace file (one import chunk). */
  traces: string;
  /** A native JSONL trace file of three import chunks, for progress and cancellation. */
  bigTraces: string;
  /** The examples' summary of `traces`, computed with the repository's CLI. */
  reference: Summary;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pack: PackContext;
  }
}

const QUERY = 'kind:llm_call provider:openai';

function generate(dir: string, spans: number, seed: number): string {
  const out = join(dir, `traces-${spans}.jsonl`);
  const args = [join(ROOT, 'bench/generate.mjs'), '--spans', String(spans), '--seed', String(seed), '--out', out];
  run(process.execPath, args, ROOT);
  return out;
}

/** The examples' flow through dist/cli on a fresh database. */
function reference(dir: string, traces: string): Summary {
  const db = join(dir, 'reference.db');
  const cli = (...args: string[]) => run(process.execPath, [join(ROOT, 'dist/cli/tracesift.js'), ...args], ROOT);
  const imported = JSON.parse(cli('import', traces, '--db', db)).imported as number;
  const matched = JSON.parse(cli('count', '--db', db, '--query', QUERY)).count as number;
  const costliest = cli('spans', '--db', db, '--query', QUERY, '--sort', 'cost', '--order', 'desc', '--limit', '3')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { span_id: string }).span_id);
  const args = ['--type', 'eval', '--name', 'openai-eval', '--query', QUERY, '--limit', '100', '--seed', '1'];
  const saved = JSON.parse(cli('datasets', 'create', '--db', db, ...args));
  return { imported, matched, costliest, rows: saved.rows, rows_hash: saved.recipe.rows_hash };
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'tracesift-pack-'));
  const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', dir, join(ROOT, 'dist/npm')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  const traces = generate(dir, 300, 7);
  project.provide('pack', {
    workDir: dir,
    tarball: join(dir, info!.filename),
    files: info!.files.map((f) => f.path).sort(),
    traces,
    bigTraces: generate(dir, 9_000, 11),
    reference: reference(dir, traces),
  });
  return () => rmSync(dir, { recursive: true, force: true });
}
