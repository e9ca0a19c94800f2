// What cannot be stored is refused through the CLI with the field named: times outside int64
// nanoseconds (1677-2262), token bounds beyond 2^53 - 1, and JSON nested deeper than 256 levels
// (once a wasm stack overflow reported as `internal`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliFails, cliJson, spanLine, tempDir } from './helpers.js';

const RANGE = '1677-09-21T00:12:43.145224192Z to 2262-04-11T23:47:16.854775807Z';

function nested(depth: number, inner = '1'): string {
  return '['.repeat(depth) + inner + ']'.repeat(depth);
}

/** Imports `lines` into a fresh database; returns the database and the import report. */
async function importLines(lines: string[], ...extra: string[]) {
  const dir = tempDir();
  const db = join(dir, 'traces.db');
  const file = join(dir, 'in.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  // The report is on stdout whatever the exit code says about the rejected lines.
  const r = await cli('import', file, '--db', db, ...extra);
  expect(r.stdout).not.toBe('');
  return { db, file, report: JSON.parse(r.stdout) };
}

describe('limits through the CLI', () => {
  it('import reports out-of-range times with their line and field, and keeps the other lines', async () => {
    const { db, file, report } = await importLines([
      spanLine('ok-1'),
      spanLine('early', { started_at: '0001-01-01T00:00:00Z', ended_at: null }),
      spanLine('late', { ended_at: '9999-12-31T23:59:59Z' }),
      spanLine('big', { input_tokens: 1e19 }),
      spanLine('ok-2'),
    ]);
    expect(report).toMatchObject({ read: 5, imported: 2 });
    expect(report.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [2, 'started_at'],
      [3, 'ended_at'],
      [4, 'input_tokens'],
    ]);
    for (const e of report.errors) expect(e.file).toBe(file);
    expect(report.errors[0].message).toBe(
      `field 'started_at': '0001-01-01T00:00:00Z' is outside the times tracesift can store (${RANGE})`,
    );
    expect(report.errors[2].message).toMatch(/at most 9007199254740991/);
    expect(await cliJson('count', '--db', db)).toEqual({ count: 2 });
  });

  it('import reports an out-of-range Langfuse end time as such, not as "before startTime"', async () => {
    const observation = {
      id: 'o1',
      traceId: 't1',
      type: 'GENERATION',
      startTime: '2025-01-01T00:00:00Z',
      endTime: '9999-12-31T23:59:59.999Z',
    };
    // With a good observation beside it: a file whose every record is refused is refused whole.
    const good = { ...observation, id: 'o2', endTime: '2025-01-01T00:00:01Z' };
    const { report } = await importLines([JSON.stringify(observation), JSON.stringify(good)], '--format', 'langfuse');
    expect(report.imported).toBe(1);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ line: 1, field: 'endTime' });
    expect(report.errors[0].message).toContain(RANGE);
    expect(report.errors[0].message).not.toMatch(/before/);
  });

  it('count refuses since/until and token bounds outside their ranges, naming the key', async () => {
    const { db } = await importLines([spanLine('1')]);
    const since = await cliFails(
      ['count', '--db', db, '--query', 'since:0001-01-01T00:00:00Z'],
      1,
      'invalid_filter',
      'since',
    );
    expect(since.message).toContain(RANGE);
    await cliFails(['count', '--db', db, '--query', 'since:99999999999w'], 1, 'invalid_filter', 'since');
    await cliFails(['count', '--db', db, '--filter', '{"until":"9999-12-31T00:00:00Z"}'], 1, 'invalid_filter', 'until');
    const tokens = await cliFails(
      ['count', '--db', db, '--filter', '{"min_tokens":1e19}'],
      1,
      'invalid_filter',
      'min_tokens',
    );
    expect(tokens.message).not.toMatch(/-8446744073709551616/);
    await cliFails(['count', '--db', db, '--query', 'tokens>99999999999999999999'], 1, 'invalid_filter', 'tokens');
    expect(await cliJson('count', '--db', db, '--query', 'since:1700-01-01T00:00:00Z')).toEqual({ count: 1 });
  });

  it('a 5,000-deep filter is invalid_filter naming the key, not an internal stack overflow', async () => {
    const { db } = await importLines([spanLine('1')]);
    const deep = await cliFails(
      ['count', '--db', db, '--filter', `{"model":${nested(5000)}}`],
      1,
      'invalid_filter',
      'model',
    );
    expect(deep.message).toMatch(/nested deeper than 256 levels/);
    await cliFails(['count', '--db', db, '--filter', nested(5000, '"model:x"')], 1, 'invalid_filter');
    await cliFails(['spans', '--db', db, '--filter', nested(5000, '{}')], 1, 'invalid_filter');
    // Deep enough that JSON.stringify itself overflows: the same answer, not `internal`.
    await cliFails(['facets', '--db', db, '--filter', `{"model":${nested(5000, '{}')}}`], 1, 'invalid_filter', 'model');
    const rule = await cliFails(
      [
        'rules',
        'add',
        '--db',
        db,
        '--dataset',
        'd',
        '--name',
        'r',
        '--sample-rate',
        '1',
        '--filter',
        nested(5000, '{}'),
      ],
      1,
      'invalid_argument',
      'filter',
    );
    expect(rule.message).toMatch(/nested deeper than 256 levels/);
    expect(await cliJson('count', '--db', db)).toEqual({ count: 1 });
  });

  it('a 5,000-deep import line is a line error and the other lines import', async () => {
    const { db, report } = await importLines([
      spanLine('a'),
      spanLine('deep', { input: JSON.parse('[]') }).replace('"input":[]', `"input":${nested(5000)}`),
      spanLine('b'),
    ]);
    expect(report).toMatchObject({ read: 3, imported: 2 });
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ line: 2, field: 'input' });
    expect(report.errors[0].message).toMatch(/nested deeper than 256 levels/);
    expect(await cliJson('count', '--db', db)).toEqual({ count: 2 });
  });
});
