// Chart series (stats) and the span detail through EngineApi, the client, and `tracesift stats` /
// `tracesift span`: sums checked against the spans' records, buckets, the model split, errors.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { SpanDetail, SpanStats } from '../../dist/worker/src/types.js';
import { cli, generateSpans, parseLines, spanLine, tempDir } from './helpers.js';
import { SURFACES, type Surface } from './surfaces.js';

/** Spans a minute apart over two hours, three models, some failed, some without cost. */
function spansJsonl(): string {
  const lines: string[] = [];
  const t0 = Date.parse('2025-05-01T10:00:00Z');
  for (let i = 0; i < 120; i++) {
    lines.push(
      spanLine(`s${i}`, {
        trace_id: `t${Math.floor(i / 4)}`,
        ...(i % 4 ? { parent_span_id: `s${i - (i % 4)}` } : {}),
        model: ['gpt-4o', 'claude-sonnet-4-5', 'gemini-2.5-flash'][i % 3],
        status: i % 5 === 0 ? 'failed' : 'completed',
        started_at: new Date(t0 + i * 60_000).toISOString(),
        ended_at: new Date(t0 + i * 60_000 + 500).toISOString(),
        input_tokens: i,
        output_tokens: 2 * i,
        cost_usd: i % 2 ? 0.01 : null,
      }),
    );
  }
  return lines.join('\n') + '\n';
}

describe.each(SURFACES)('stats and span detail: $name', (kind) => {
  let api: Surface;
  beforeEach(async () => {
    api = await kind.open();
  });
  afterEach(async () => {
    await api.close();
  });

  it('sums spans, tokens, cost and failures per bucket, overall and by model', async () => {
    await api.importText(spansJsonl());
    const st: SpanStats = await api.stats({}, { bucket: '1h', by_model: true, top_models: 2 });
    expect(st).toMatchObject({
      bucket: '1h',
      bucket_seconds: 3600,
      from: '2025-05-01T10:00:00Z',
      to: '2025-05-01T12:00:00Z',
    });
    expect(st.buckets.map((b) => b.spans)).toEqual([60, 60]);
    expect(st.total).toEqual({
      spans: 120,
      input_tokens: (119 * 120) / 2,
      output_tokens: 119 * 120,
      cost_usd: expect.closeTo(0.6, 9),
      failed: 24,
    });
    expect(st.buckets[0]!.input_tokens).toBe((59 * 60) / 2);
    expect(st.models!.map((m) => m.model)).toEqual(['claude-sonnet-4-5', 'gemini-2.5-flash']);
    expect(st.models![0]!.buckets.map((b) => b.spans)).toEqual([20, 20]);
    expect(st.other).toMatchObject({ models: 1, total: { spans: 40 } });

    const auto = await api.stats('model:gpt-4o');
    expect(auto.bucket).toBe('1m');
    expect(auto.buckets.length).toBe(118); // s0 .. s117 every third minute, dense
    expect(auto.total.spans).toBe(40);
    expect(auto.models).toBeUndefined();
    const none = await api.stats({ model: 'none' });
    expect(none).toMatchObject({ bucket: null, from: null, buckets: [], total: { spans: 0 } });
    await expect(api.stats({}, { bucket: '1x' })).rejects.toMatchObject({
      code: 'invalid_argument',
      details: { field: 'bucket' },
    });
    await expect(api.stats({}, { bucket: '0m' })).rejects.toMatchObject({ details: { field: 'bucket' } });
  });

  it("gives one span's record with its trace in start order", async () => {
    await api.importText(spansJsonl());
    const d: SpanDetail = await api.span('s6');
    const listed = (await api.spans({ trace_id: 't1', kind: 'llm_call' }, { sort: 'time', order: 'asc' })).spans;
    expect(d.span).toEqual(listed.find((s) => s.span_id === 's6'));
    expect(d.trace_id).toBe('t1');
    expect(d.trace_total).toBe(4);
    expect(d.trace.map((t) => [t.span_id, t.parent_span_id])).toEqual([
      ['s4', null],
      ['s5', 's4'],
      ['s6', 's4'],
      ['s7', 's4'],
    ]);
    expect(d.trace[2]).toMatchObject({ status: 'completed', model: 'gpt-4o', input_tokens: 6, cost_usd: null });
    await expect(api.span('nope')).rejects.toMatchObject({ code: 'not_found', details: { field: 'span_id' } });
  });
});

describe('tracesift stats and tracesift span (CLI)', () => {
  it('prints the series and a span with its trace', async () => {
    const db = join(tempDir(), 'd.db');
    expect((await cli('import', generateSpans(800, 8), '--db', db)).status).toBe(0);
    const count = JSON.parse((await cli('count', '--db', db, '--query', 'env:production')).stdout).count;
    const r = await cli('stats', '--db', db, '--query', 'env:production', '--by', 'model', '--top', '3');
    expect(r.stderr).toBe('');
    const st = JSON.parse(r.stdout) as SpanStats;
    expect(st.total.spans).toBe(count);
    expect(st.buckets.reduce((n, b) => n + b.spans, 0)).toBe(count);
    expect(st.buckets.length).toBeGreaterThan(0);
    expect(st.buckets.length).toBeLessThanOrEqual(200);
    const named = st.models!.reduce((n, m) => n + m.total.spans, 0) + (st.other?.total.spans ?? 0);
    expect(named).toBe(count);
    const hourly = JSON.parse((await cli('stats', '--db', db, '--bucket', '1d')).stdout) as SpanStats;
    expect(hourly.bucket).toBe('1d');
    const bad = await cli('stats', '--db', db, '--by', 'provider');
    expect(bad.status).toBe(2);

    const first = parseLines<{ span_id: string; trace_id: string }>(
      (await cli('spans', '--db', db, '--limit', '1')).stdout,
    )[0]!;
    const detail = JSON.parse((await cli('span', first.span_id, '--db', db)).stdout) as SpanDetail;
    expect(detail.span.span_id).toBe(first.span_id);
    expect(detail.trace.map((t) => t.span_id)).toContain(first.span_id);
    const missing = await cli('span', 'no-such-span', '--db', db);
    expect(missing.status).toBe(1);
    expect(JSON.parse(missing.stderr).error).toMatchObject({ code: 'not_found', field: 'span_id' });
  });
});
