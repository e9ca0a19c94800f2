// The tracesift CLI end to end: real files, a real database on disk, JSON out and JSON errors.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, spanLine, tempDir } from './helpers.js';

function writeLines(path: string, lines: string[]): string {
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('tracesift CLI', () => {
  it('imports, counts and filters on a database file', async () => {
    const dir = tempDir();
    const db = join(dir, 'traces.db');
    const file = writeLines(join(dir, 'a.jsonl'), [
      spanLine('1'),
      spanLine('2', { model: 'claude-sonnet-4-5', provider: 'anthropic', cost_usd: 0.09 }),
      spanLine('3', { environment: 'staging' }),
    ]);
    const imported = await cli('import', file, '--db', db);
    expect(imported.status).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ format: 'native', read: 3, imported: 3, errors: [] });

    expect(JSON.parse((await cli('count', '--db', db)).stdout)).toEqual({ count: 3 });
    expect(
      JSON.parse((await cli('count', '--db', db, '--filter', '{"provider":"anthropic","min_cost":0.05}')).stdout),
    ).toEqual({
      count: 1,
    });
    const spans = await cli('spans', '--db', db, '--filter', '{"environment":"staging"}');
    expect(spans.status).toBe(0);
    const lines = spans.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ span_id: '3', environment: 'staging', status: 'completed' });
  });

  it('filters with the query language, and points at the character of a bad query', async () => {
    const dir = tempDir();
    const db = join(dir, 'traces.db');
    const file = writeLines(join(dir, 'a.jsonl'), [
      spanLine('1', { name: 'summarize ticket' }),
      spanLine('2', { model: 'claude-sonnet-4-5', provider: 'anthropic', cost_usd: 0.09 }),
      spanLine('3', { environment: 'staging', status: 'failed', error: 'boom' }),
    ]);
    await cli('import', file, '--db', db);
    // --query=TEXT so that a query starting with "-" is not read as an option.
    const count = async (query: string) =>
      JSON.parse((await cli('count', '--db', db, `--query=${query}`)).stdout).count;
    expect(await count('provider:anthropic cost>0.05')).toBe(1);
    expect(await count('-environment:staging')).toBe(2); // spans without an environment still match
    expect(await count('-status:failed name:"summarize"')).toBe(1);
    expect(await count('summarize')).toBe(1);
    const spans = (await cli('spans', '--db', db, '--query', 'model:claude-sonnet-4-5')).stdout.trim().split('\n');
    expect(spans.map((l) => JSON.parse(l).span_id)).toEqual(['2']);

    const bad = await cli('count', '--db', db, '--query', 'model:gpt-4o cost>cheap');
    expect(bad.status).toBe(1);
    const error = JSON.parse(bad.stderr).error;
    expect(error).toMatchObject({ code: 'invalid_filter', position: 19 });
    expect(error.message).toMatch(/character 19/);
    const both = await cli('count', '--db', db, '--query', 'model:x', '--filter', '{}');
    expect(both.status).toBe(2);
    expect(JSON.parse(both.stderr).error.code).toBe('invalid_argument');
  });

  it('reports a malformed line with file and line and keeps the valid lines', async () => {
    const dir = tempDir();
    const db = join(dir, 'traces.db');
    const file = writeLines(join(dir, 'bad.jsonl'), [spanLine('1'), '{"span_id": "2", ', spanLine('3')]);
    const r = await cli('import', file, '--db', db);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ read: 3, imported: 2 });
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ file, line: 2 });
    expect(report.errors[0].message).toMatch(/invalid JSON/);
    expect(JSON.parse((await cli('count', '--db', db)).stdout)).toEqual({ count: 2 });
  });

  it('round-trips: spans output imports back as unchanged', async () => {
    const dir = tempDir();
    const db = join(dir, 'traces.db');
    const file = writeLines(join(dir, 'a.jsonl'), [
      spanLine('x', { input: [{ role: 'user', content: 'héllo "quoted"\n' }], attributes: { k: [1, { z: null }] } }),
      spanLine('y', { started_at: '2025-05-01T12:00:00.123456789+02:00', ended_at: null, status: 'running' }),
    ]);
    await cli('import', file, '--db', db);
    const exported = join(dir, 'out.jsonl');
    writeFileSync(exported, (await cli('spans', '--db', db)).stdout);
    const again = JSON.parse((await cli('import', exported, '--db', db)).stdout);
    expect(again).toMatchObject({ read: 2, imported: 0, updated: 0, skipped: 2 });
    const y = JSON.parse((await cli('spans', '--db', db, '--filter', '{"status":"running"}')).stdout);
    expect(y.started_at).toBe('2025-05-01T10:00:00.123456789Z');
  });

  it('refuses a file that is not a tracesift database and leaves it unchanged', async () => {
    const dir = tempDir();
    const notDb = writeLines(join(dir, 'notes.txt'), ['just some notes, not SQLite at all'.repeat(10)]);
    const before = readFileSync(notDb);
    const r = await cli('count', '--db', notDb);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stderr).error.code).toBe('not_a_database');
    expect(readFileSync(notDb).equals(before)).toBe(true);
  });

  it('gives JSON errors and exit codes for bad usage', async () => {
    const dir = tempDir();
    const db = join(dir, 'x.db');
    const cases: [string[], string, number][] = [
      [['frobnicate'], 'invalid_argument', 2],
      [['count'], 'invalid_argument', 2],
      [['count', '--db', db, '--filter', '{"modle":"x"}'], 'invalid_filter', 1],
      [['count', '--db', db, '--filter', 'not json'], 'invalid_filter', 1],
      [['spans', '--db', db, '--limit', '-3'], 'invalid_argument', 2],
      [['import', join(dir, 'missing.jsonl'), '--db', db], 'not_found', 1],
      [['import', join(dir, 'missing.jsonl'), '--db', db, '--format', 'csv'], 'invalid_argument', 2],
      [['count', '--db', db, '--bogus'], 'invalid_argument', 2],
    ];
    for (const [args, code, status] of cases) {
      const r = await cli(...args);
      expect({ args, status: r.status }).toEqual({ args, status });
      expect(r.stdout).toBe('');
      expect(JSON.parse(r.stderr).error.code).toBe(code);
    }
  });

  it('prints help for every command', async () => {
    for (const command of ['import', 'spans', 'count']) {
      const r = await cli(command, '--help');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`tracesift ${command}`);
    }
    expect((await cli('--help')).stdout).toContain('commands:');
  });
});
