// `tracesift review ...` end to end on a database file: a queue from create to progress, the golden
// dataset's export carrying the edited output, and the exit codes (2 for a wrong command line, 1
// when the engine refuses an illegal transition).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliFails as fails, cliJson as json, parseLines, spanLine, tempDir } from './helpers.js';

describe('tracesift review', () => {
  it('creates, enqueues from a rule, reviews, and exports the golden dataset with the edit', async () => {
    const dir = tempDir();
    const db = join(dir, 't.db');
    const rule = await json(
      'rules',
      'add',
      '--db',
      db,
      '--dataset',
      'captured',
      '--name',
      'all',
      '--filter',
      '{}',
      '--sample-rate',
      '1',
    );
    const traces = join(dir, 't.jsonl');
    writeFileSync(
      traces,
      ['a', 'b']
        .map((id) =>
          spanLine(id, {
            status: 'completed',
            input: [{ role: 'user', content: `q-${id}` }],
            output: [{ role: 'assistant', content: `a-${id}` }],
          }),
        )
        .join('\n') + '\n',
    );
    await json('import', traces, '--db', db);
    expect(await json('review', 'create', '--db', db, '--name', 'Q', '--golden', 'gold')).toMatchObject({
      name: 'Q',
      golden: 'gold',
      lease_seconds: 1800,
    });
    expect(await json('review', 'enqueue', '--db', db, '--queue', 'Q', '--rule', String(rule.id))).toEqual({
      queue: 'Q',
      matched: 2,
      enqueued: 2,
      already: 0,
    });
    const item = await json('review', 'next', '--db', db, '--queue', 'Q', '--reviewer', 'ann');
    expect(item.datapoint).toMatchObject({ source_span_id: 'a', rule_id: rule.id });
    const output = '[{"role":"assistant","content":"edited answer"}]';
    const id = String(item.id);
    await fails(['review', 'approve', '--db', db, '--item', id, '--reviewer', 'bob'], 1, 'conflict', 'reviewer');
    await fails(
      ['review', 'edit', '--db', db, '--item', id, '--reviewer', 'ann', '--output', 'nope'],
      2,
      'invalid_argument',
      '--output',
    );
    expect(
      await json('review', 'edit', '--db', db, '--item', id, '--reviewer', 'ann', '--output', output),
    ).toMatchObject({ edited: true });
    expect(await json('review', 'approve', '--db', db, '--item', id, '--reviewer', 'ann')).toMatchObject({
      outcome: 'approved',
    });
    const second = await json('review', 'next', '--db', db, '--queue', 'Q', '--reviewer', 'ann');
    await json('review', 'reject', '--db', db, '--item', String(second.id), '--reviewer', 'ann', '--reason', 'bad');
    expect(await json('review', 'next', '--db', db, '--queue', 'Q', '--reviewer', 'ann')).toBeNull();
    await fails(['review', 'claim', '--db', db, '--item', id, '--reviewer', 'ann'], 1, 'conflict', 'item');
    expect(await json('review', 'progress', '--db', db, '--queue', 'Q')).toEqual({
      pending: 0,
      claimed: 0,
      approved: 1,
      rejected: 1,
      total: 2,
    });
    const items = parseLines((await cli('review', 'items', '--db', db, '--queue', 'Q')).stdout);
    expect(items.map((i) => i.note)).toEqual([null, 'bad']);
    const queues = parseLines((await cli('review', 'queues', '--db', db)).stdout);
    expect(queues).toMatchObject([{ name: 'Q', progress: { total: 2 } }]);

    const out = join(dir, 'gold.openai-chat.jsonl');
    await json('export', '--db', db, '--dataset', 'gold', '--format', 'openai-chat', '--out', out);
    const exported = readFileSync(out, 'utf8');
    expect(exported).toContain('edited answer');
    expect(exported).not.toContain('a-a');
  });

  it('refuses a wrong command line with exit code 2', async () => {
    const db = join(tempDir(), 't.db');
    await fails(['review', 'enqueue', '--db', db, '--queue', 'Q'], 2, 'invalid_argument', '--dataset');
    await fails(['review', 'show', '--db', db, '--item', 'x'], 2, 'invalid_argument', '--item');
    await fails(['review', 'show', '--db', db, '--item', '7'], 1, 'not_found', 'item');
  });
});
