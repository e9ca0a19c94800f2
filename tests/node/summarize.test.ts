// scripts/summarize.mjs, the test command's closing line: every failed test, every suite that
// failed outside its tests and every stage that failed without a result counts, and the exit
// code agrees with the line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const SCRIPT = join(ROOT, 'scripts/summarize.mjs');

/** Writes a results folder and runs the summary on it. */
function summarize(files: Record<string, string>): { line: string; status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tracesift-summary-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const r = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
  const lines = r.stdout.trim().split('\n');
  return { line: lines[lines.length - 1]!, status: r.status, out: r.stdout };
}

const vitest = (files: { name: string; status: string; message?: string; tests: string[] }[]) =>
  JSON.stringify({
    testResults: files.map((f) => ({
      name: join(ROOT, f.name),
      status: f.status,
      message: f.message ?? '',
      assertionResults: f.tests.map((status, i) => ({ status, fullName: `case ${i}` })),
    })),
  });

const junit = (cases: string[]) =>
  `<testsuite>${cases.map((c, i) => `<testcase name="t${i}">${c}</testcase>`).join('')}</testsuite>`;

describe('the closing line', () => {
  it('counts passed and failed tests of every stage, and exits 0 only when nothing failed', () => {
    const ok = summarize({
      'engine.xml': junit(['', '', '<skipped/>']),
      'node.json': vitest([{ name: 'a.test.ts', status: 'passed', tests: ['passed', 'passed'] }]),
      'stages.txt': 'engine 0 3\nnode 0 5\nformat 0 1\n',
    });
    expect(ok).toMatchObject({ line: '5 passed, 0 failed', status: 0 });

    const bad = summarize({
      'engine.xml': junit(['', '<failure message="x"/>']),
      'stages.txt': 'engine 8 3\n',
    });
    expect(bad).toMatchObject({ line: '1 passed, 1 failed', status: 1 });
  });

  it('counts a suite that failed before its tests (beforeAll) as a failure', () => {
    const r = summarize({
      'pack.json': vitest([
        {
          name: 'tests/pack/vite_app.pack.test.ts',
          status: 'failed',
          message: 'ENOTCACHED',
          tests: ['skipped', 'skipped'],
        },
        { name: 'tests/pack/node.pack.test.ts', status: 'passed', tests: ['passed', 'passed', 'passed'] },
      ]),
      'stages.txt': 'pack 1 40\n',
    });
    expect(r).toMatchObject({ line: '3 passed, 1 failed', status: 1 });
    expect(r.out).toContain('suite failed: tests/pack/vite_app.pack.test.ts: ENOTCACHED');
  });

  it('counts a stage that failed with no failure in its results, and one that left no results', () => {
    // vitest exits 1 after every test passed (say, "Timeout calling onTaskUpdate").
    const r = summarize({
      'node.json': vitest([{ name: 'a.test.ts', status: 'passed', tests: ['passed'] }]),
      'stages.txt': 'node 1 10\nformat-prettier 2 1\n',
    });
    expect(r).toMatchObject({ line: '1 passed, 2 failed', status: 1 });
  });

  it('counts a run in which no test file ran as a failure', () => {
    const r = summarize({ 'e2e.json': vitest([]), 'stages.txt': 'e2e 1 2\n' });
    expect(r).toMatchObject({ line: '0 passed, 1 failed', status: 1 });
  });

  it("shows each stage's seconds and, when recorded, its CPU seconds", () => {
    const r = summarize({
      'node.json': vitest([{ name: 'a.test.ts', status: 'passed', tests: ['passed'] }]),
      'stages.txt': 'build 0 300 590\nnode 0 250 310\nformat-clang 0 2\n',
    });
    expect(r).toMatchObject({ line: '3 passed, 0 failed', status: 0 });
    expect(r.out).toContain('stage build: ok (300 s, 590 CPU-s)');
    expect(r.out).toContain('stage node: done (250 s, 310 CPU-s)');
    expect(r.out).toContain('stage format-clang: ok (2 s)');
  });
});
