// The CLI's sorted span listings (paged internally with the cursor) and `tracesift facets`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, cliFails as fails, cliOk as ok, parseLines, spanLine, tempDir, timeNanos } from './helpers.js';

interface SpanOut {
  span_id: string;
  cost_usd: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  started_at: string;
  model: string | null;
}

/** `n` small spans with varied start times, durations, costs and tokens (some without). */
function manySpans(n: number): string[] {
  const base = Date.UTC(2025, 4, 1);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const start = base + ((i * 7919) % 200_000) * 1000 + (i % 10);
    lines.push(
      spanLine(`s${i}`, {
        kind: i % 3 === 0 ? 'tool' : 'llm_call',
        started_at: new Date(start).toISOString(),
        ended_at: new Date(start + ((i * 13) % 5000)).toISOString(),
        cost_usd: i % 5 === 0 ? null : ((i * 31) % 1000) / 1e5,
        input_tokens: i % 11 === 0 ? null : (i * 17) % 500,
        output_tokens: i % 7 === 0 ? null : (i * 3) % 100,
      }),
    );
  }
  return lines;
}

async function listed(...args: string[]): Promise<SpanOut[]> {
  const r = await cli(...args);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return parseLines<SpanOut>(r.stdout);
}

describe('tracesift spans --sort/--order', () => {
  let db: string;
  const total = 10_250;
  beforeAll(async () => {
    // More spans than one engine call returns (10,000), so the CLI must follow the cursor.
    const dir = tempDir();
    db = join(dir, 'big.db');
    const file = join(dir, 'many.jsonl');
    writeFileSync(file, manySpans(total).join('\n') + '\n');
    expect(JSON.parse(await ok('import', file, '--db', db))).toMatchObject({ imported: total, errors: [] });
  });

  it('prints every span once, newest first by default', async () => {
    const spans = await listed('spans', '--db', db);
    expect(spans).toHaveLength(total);
    expect(new Set(spans.map((s) => s.span_id)).size).toBe(total);
    const times = spans.map((s) => timeNanos(s.started_at));
    expect(times.findIndex((t, i) => i > 0 && t > times[i - 1]!)).toBe(-1);
  });

  it('sorts by cost ascending across pages, spans without a cost last', async () => {
    const spans = await listed('spans', '--db', db, '--sort', 'cost', '--order', 'asc');
    expect(spans).toHaveLength(total);
    expect(new Set(spans.map((s) => s.span_id)).size).toBe(total);
    const firstNull = spans.findIndex((s) => s.cost_usd === null);
    expect(firstNull).toBe(total - Math.ceil(total / 5));
    expect(spans.slice(firstNull).every((s) => s.cost_usd === null)).toBe(true);
    const costs = spans.slice(0, firstNull).map((s) => s.cost_usd!);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
  });

  it('honours --limit and --offset with a sort and a filter', async () => {
    const all = await listed('spans', '--db', db, '--sort', 'tokens', '--query', 'kind:llm_call');
    expect(all).toHaveLength(JSON.parse(await ok('count', '--db', db, '--query', 'kind:llm_call')).count);
    const tokens = all.map((s) => (s.input_tokens ?? 0) + (s.output_tokens ?? 0));
    expect(tokens).toEqual([...tokens].sort((a, b) => b - a));
    const some = await listed(
      'spans',
      '--db',
      db,
      '--sort',
      'tokens',
      '--query',
      'kind:llm_call',
      '--offset',
      '7',
      '--limit',
      '12',
    );
    expect(some.map((s) => s.span_id)).toEqual(all.slice(7, 19).map((s) => s.span_id));
    expect(await ok('spans', '--db', db, '--limit', '0')).toBe('');
  });

  it('refuses an unknown sort key or order as a usage error', async () => {
    expect((await fails(['spans', '--db', db, '--sort', 'price'], 2, 'invalid_argument', '--sort')).message).toMatch(
      /time, cost, tokens, duration/,
    );
    await fails(['spans', '--db', db, '--order', 'up'], 2, 'invalid_argument', '--order');
    await fails(['spans', '--db', db, '--limit', 'ten'], 2, 'invalid_argument', '--limit');
  });
});

describe('tracesift facets', () => {
  it('prints the facets object for a filter or a query', async () => {
    const dir = tempDir();
    const db = join(dir, 't.db');
    const file = join(dir, 'a.jsonl');
    writeFileSync(
      file,
      [
        spanLine('1'),
        spanLine('2', { model: 'claude-haiku-4-5', provider: 'anthropic', cost_usd: 0.02 }),
        spanLine('3', { environment: 'staging', cost_usd: null }),
        spanLine('4', { status: 'failed', error: 'boom' }),
      ].join('\n'),
    );
    await ok('import', file, '--db', db);
    const all = JSON.parse(await ok('facets', '--db', db));
    expect(all.total).toBe(4);
    expect(all.facets.model).toEqual([
      { value: 'gpt-4o', count: 3 },
      { value: 'claude-haiku-4-5', count: 1 },
    ]);
    expect(all.facets.environment).toEqual([
      { value: null, count: 3 },
      { value: 'staging', count: 1 },
    ]);
    expect(all.ranges.cost_usd).toEqual({ min: 0.0007, max: 0.02 });
    expect(all.ranges.tokens).toEqual({ min: 120, max: 120 });

    const filtered = JSON.parse(await ok('facets', '--db', db, '--filter', '{"model":"claude-haiku-4-5"}'));
    expect(filtered.total).toBe(1);
    expect(filtered.facets.model).toEqual(all.facets.model); // its own condition is ignored
    expect(filtered.facets.provider).toEqual([{ value: 'anthropic', count: 1 }]);
    const queried = JSON.parse(await ok('facets', '--db', db, '--query=-status:failed'));
    expect(queried.total).toBe(3);
    expect(queried.facets.status).toEqual([
      { value: 'completed', count: 3 },
      { value: 'failed', count: 1 },
    ]);
    expect(await ok('facets', '--help')).toContain('tracesift facets');
    await fails(['facets', '--db', db, '--filter', '{"modle":"x"}'], 1, 'invalid_filter', 'modle');
    await fails(['facets', '--db', db, '--filter', '{}', '--query', 'x'], 2, 'invalid_argument');
    await fails(['facets'], 2, 'invalid_argument', '--db');
  });
});
