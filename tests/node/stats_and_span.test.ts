// Chart series (stats) through EngineApi, the client, and `tracesift stats`: sums checked against
// the spans' records, buckets, the model split, errors.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { SpanStats } from '../../dist/worker/src/types.js';
import { cli, generateSpans, spanLine, tempDir } from './helpers.js';
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

describe.each(SURFACES)('stats: $name', (kind) => {
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
});

describe('tracesift stats (CLI)', () => {
  it('prints the series', async () => {
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
  });
});
