// The CLI's capture rules and datasets end to end on a database file, and
// the exit codes: 2 when the command line is wrong, 1 when the engine refuses.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliFails as fails, cliJson as json, cliOk as ok, parseLines, spanLine, tempDir } from './helpers.js';

function writeLines(path: string, lines: string[]): string {
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('tracesift rules and datasets', () => {
  it('captures on import, backfills, updates, lists and deletes rules', async () => {
    const dir = tempDir();
    const db = join(dir, 't.db');
    const rule = await json(
      'rules',
      'add',
      '--db',
      db,
      '--dataset',
      'golden',
      '--name',
      'gpt',
      '--filter',
      '{"model":"gpt-4o"}',
      '--sample-rate',
      '1',
      '--seed',
      '3',
    );
    expect(rule).toMatchObject({
      dataset: 'golden',
      name: 'gpt',
      filter: { model: 'gpt-4o' },
      sample_rate: 1,
      seed: 3,
    });
    expect(parseLines(await ok('datasets', 'list', '--db', db))).toMatchObject([
      { name: 'golden', type: 'collection', rows: 0, rules: 1 },
    ]);

    const file = writeLines(join(dir, 'a.jsonl'), [
      spanLine('a'),
      spanLine('b', { model: 'claude-haiku-4-5', provider: 'anthropic' }),
      spanLine('c', { status: 'running', ended_at: null }),
    ]);
    await ok('import', file, '--db', db);
    await ok('import', file, '--db', db);
    const rows = parseLines(await ok('datasets', 'rows', 'golden', '--db', db));
    expect(rows).toMatchObject([{ dataset: 'golden', span_id: 'a', source: 'span_export', rule_id: rule.id }]);

    // A rule added after the import captures the stored spans only when backfilled.
    const claude = await json(
      'rules',
      'add',
      '--db',
      db,
      '--dataset',
      'golden',
      '--name',
      'claude',
      '--query',
      'provider:anthropic',
      '--sample-rate',
      '1',
    );
    expect(await json('rules', 'backfill', '--db', db, '--id', String(claude.id))).toEqual({
      rule_id: claude.id,
      matched: 1,
      sampled: 1,
      captured: 1,
    });
    const listed = parseLines(await ok('rules', 'list', '--db', db));
    expect(listed.map((r) => r.name)).toEqual(['gpt', 'claude']);
    expect(parseLines(await ok('rules', 'list', '--db', db, '--dataset', 'golden'))).toHaveLength(2);
    await fails(['rules', 'list', '--db', db, '--dataset', 'elsewhere'], 1, 'not_found');

    const update = (...change: string[]) => json('rules', 'update', '--db', db, '--id', String(rule.id), ...change);
    const updated = await update('--sample-rate', '0.5', '--name', 'half');
    expect(updated).toMatchObject({ id: rule.id, name: 'half', sample_rate: 0.5, filter: { model: 'gpt-4o' } });
    const requeried = await update('--query', 'model:gpt-4o cost>0.01');
    expect(requeried.name).toBe('half');

    expect(await json('rules', 'delete', '--db', db, '--id', String(rule.id))).toEqual({
      deleted: rule.id,
      removed: 0,
      kept: 1,
    });
    expect(parseLines(await ok('datasets', 'rows', 'golden', '--db', db)).map((r) => r.span_id)).toEqual(['a', 'b']);
    expect(
      parseLines(await ok('datasets', 'rows', 'golden', '--db', db, '--offset', '1', '--limit', '5')),
    ).toMatchObject([{ span_id: 'b' }]);
    expect(parseLines(await ok('datasets', 'list', '--db', db))).toMatchObject([{ name: 'golden', rows: 2, rules: 1 }]);
  });

  it('creates collections and checks the type and name', async () => {
    const db = join(tempDir(), 't.db');
    const created = await json('datasets', 'create', '--db', db, '--type', 'collection', '--name', 'picked');
    expect(created).toMatchObject({ name: 'picked', type: 'collection', rows: 0, rules: 0 });
    expect(parseLines(await ok('datasets', 'list', '--db', db))).toEqual([created]);
    expect(await ok('datasets', 'rows', 'picked', '--db', db)).toBe('');
    await fails(['datasets', 'create', '--db', db, '--type', 'collection', '--name', 'picked'], 1, 'conflict');
    // eval and training are saved from spans (tests/node/datasets.test.ts); none here
    await fails(['datasets', 'create', '--db', db, '--type', 'eval', '--name', 'x'], 1, 'invalid_argument', 'filter');
    await fails(
      ['datasets', 'create', '--db', db, '--type', 'training', '--name', 'x', '--exclude', 'picked'],
      1,
      'invalid_argument',
      'exclude',
    );
    await fails(['datasets', 'create', '--db', db, '--type', 'pile', '--name', 'x'], 2, 'invalid_argument', '--type');
    await fails(['datasets', 'create', '--db', db, '--name', 'x'], 2, 'invalid_argument', '--type');
    await fails(['datasets', 'create', '--db', db, '--type', 'collection'], 2, 'invalid_argument', '--name');
    await fails(
      ['datasets', 'create', '--db', db, '--type', 'collection', '--name', 'y', '--limit', '5'],
      2,
      'invalid_argument',
      '--limit',
    );
    await fails(['datasets', 'rows', 'nope', '--db', db], 1, 'not_found');
    await fails(['datasets', 'rows', '--db', db], 2, 'invalid_argument');
    await fails(['datasets', 'rows', 'picked', '--db', db, '--limit', '-1'], 2, 'invalid_argument', '--limit');
    expect(parseLines(await ok('datasets', 'list', '--db', db))).toHaveLength(1);
  });

  it('gives usage errors (exit 2) and engine errors (exit 1) as JSON', async () => {
    const db = join(tempDir(), 't.db');
    const add = ['rules', 'add', '--db', db, '--dataset', 'd', '--name', 'n', '--filter', '{}'];
    const e = await fails([...add, '--sample-rate', 'half'], 2, 'invalid_argument', '--sample-rate');
    expect(e.message).toMatch(/--sample-rate/);
    expect(e.usage).toContain('tracesift rules add');
    await fails([...add, '--sample-rate', ''], 2, 'invalid_argument', '--sample-rate');
    await fails(add, 2, 'invalid_argument', '--sample-rate');
    await fails([...add, '--sample-rate', '1', '--seed', '1.5'], 2, 'invalid_argument', '--seed');
    await fails(
      ['rules', 'add', '--db', db, '--name', 'n', '--filter', '{}', '--sample-rate', '1'],
      2,
      'invalid_argument',
      '--dataset',
    );
    await fails(
      ['rules', 'add', '--db', db, '--dataset', 'd', '--name', 'n', '--sample-rate', '1'],
      2,
      'invalid_argument',
      '--filter',
    );
    await fails([...add, '--query', 'x', '--sample-rate', '1'], 2, 'invalid_argument');
    await fails([...add, '--sample-rate', '1.5'], 1, 'invalid_argument', 'sample_rate');
    await fails(
      ['rules', 'add', '--db', db, '--dataset', 'd', '--name', '', '--filter', '{}', '--sample-rate', '1'],
      1,
      'invalid_argument',
      'name',
    );
    await fails(
      ['rules', 'add', '--db', db, '--dataset', 'd', '--name', 'n', '--filter', '{"modle":1}', '--sample-rate', '1'],
      1,
      'invalid_filter',
      'modle',
    );
    await fails(
      ['rules', 'add', '--db', db, '--dataset', 'd', '--name', 'n', '--filter', '{oops', '--sample-rate', '1'],
      1,
      'invalid_filter',
      '--filter',
    );
    await json(...add, '--sample-rate', '1');
    await fails([...add, '--sample-rate', '1'], 1, 'conflict');
    await fails(['rules', 'update', '--db', db, '--id', '1'], 2, 'invalid_argument');
    await fails(['rules', 'update', '--db', db, '--id', 'one', '--name', 'x'], 2, 'invalid_argument', '--id');
    await fails(['rules', 'update', '--db', db, '--id', '99', '--name', 'x'], 1, 'not_found');
    await fails(
      ['rules', 'update', '--db', db, '--id', '1', '--sample-rate', 'x'],
      2,
      'invalid_argument',
      '--sample-rate',
    );
    await fails(['rules', 'delete', '--db', db], 2, 'invalid_argument', '--id');
    await fails(['rules', 'delete', '--db', db, '--id', '99'], 1, 'not_found');
    await fails(['rules', 'backfill', '--db', db, '--id', '99'], 1, 'not_found');
    await fails(['rules', 'list'], 2, 'invalid_argument', '--db');
    await fails(['rules'], 2, 'invalid_argument');
    await fails(['rules', 'frob'], 2, 'invalid_argument');
    await fails(['datasets'], 2, 'invalid_argument');
    await fails(['rules', 'list', '--db', db, '--bogus'], 2, 'invalid_argument');
  });
});
