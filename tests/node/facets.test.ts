// Facet counts and ranges through EngineApi and the client, checked against count() and the spans.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacetField, Facets, Filter, Span } from '../../dist/worker/src/types.js';
import { generateSpans, timeNanos } from './helpers.js';
import { SURFACES, type Surface } from './surfaces.js';

const FIELDS: FacetField[] = ['model', 'provider', 'environment', 'task', 'kind', 'status'];

describe.each(SURFACES)('facets: $name', (kind) => {
  let api: Surface;
  let all: Span[];
  beforeAll(async () => {
    api = await kind.open();
    await api.importFile(generateSpans(500, 11));
    all = (await api.spans({}, { limit: 10_000 })).spans;
    expect(all).toHaveLength(500);
  });
  afterAll(async () => {
    await api.close();
  });

  it('counts every span once per unfiltered facet, largest first', async () => {
    const f = await api.facets();
    expect(f.total).toBe(500);
    expect(Object.keys(f.facets).sort()).toEqual([...FIELDS].sort());
    for (const field of FIELDS) {
      const values = f.facets[field];
      expect(
        values.reduce((n, v) => n + v.count, 0),
        field,
      ).toBe(f.total);
      const counts = values.map((v) => v.count);
      expect(counts, field).toEqual([...counts].sort((a, b) => b - a));
      for (const { value, count } of values) {
        expect(count, `${field}=${value}`).toBe(all.filter((s) => s[field] === value).length);
      }
    }
  });

  it('gives the ranges of cost, tokens and start time', async () => {
    const f = await api.facets({ kind: 'llm_call' });
    const llm = all.filter((s) => s.kind === 'llm_call');
    const costs = llm.flatMap((s) => (s.cost_usd === null ? [] : [s.cost_usd]));
    expect(f.ranges.cost_usd).toEqual({ min: Math.min(...costs), max: Math.max(...costs) });
    const tokens = llm.map((s) => (s.input_tokens ?? 0) + (s.output_tokens ?? 0)); // nulls count as 0
    expect(f.ranges.tokens).toEqual({ min: Math.min(...tokens), max: Math.max(...tokens) });
    const starts = llm.map((s) => timeNanos(s.started_at)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(timeNanos(f.ranges.started_at!.min)).toBe(starts[0]);
    expect(timeNanos(f.ranges.started_at!.max)).toBe(starts.at(-1));
  });

  it("ignores each facet's own condition, and applies every other one", async () => {
    const model = (await api.facets({ kind: 'llm_call' })).facets.model.find((v) => v.value !== null)!.value!;
    const filter: Filter = { model, environment: 'production', kind: 'llm_call' };
    const f: Facets = await api.facets(filter);
    expect(f.total).toBe(await api.count(filter));
    // The model facet still offers the other models, counted under the rest of the filter.
    expect(f.facets.model.length).toBeGreaterThan(1);
    for (const field of ['model', 'environment', 'provider', 'status'] as const) {
      const { [field]: _own, ...rest } = filter as Record<string, string>;
      const matching = all.filter((s) => Object.entries(rest).every(([k, v]) => s[k as keyof Span] === v));
      const expected = new Map<string | null, number>();
      for (const s of matching) expected.set(s[field], (expected.get(s[field]) ?? 0) + 1);
      const got = new Map(f.facets[field].map((v) => [v.value, v.count]));
      expect(got, field).toEqual(expected);
    }
  });

  it('takes query text', async () => {
    const query = 'provider:openai cost>0.0001';
    const f = await api.facets(query);
    expect(f.total).toBe(await api.count(query));
    expect(f.total).toBeGreaterThan(0);
    expect(f.facets.provider.find((v) => v.value === 'openai')).toEqual({ value: 'openai', count: f.total });
    expect(f.facets.provider.length).toBeGreaterThan(1);
    expect(f.ranges.cost_usd!.min).toBeGreaterThan(0.0001);
  });

  it('answers an empty result with zero counts and null ranges', async () => {
    const f = await api.facets({ model: 'no-such-model', environment: 'nowhere' });
    expect(f.total).toBe(0);
    expect(f.ranges).toEqual({ cost_usd: null, tokens: null, started_at: null });
    expect(f.facets.kind).toEqual([]);
  });

  it('rejects a bad filter with the key', async () => {
    await expect(api.facets({ modle: 'x' } as Filter)).rejects.toMatchObject({
      code: 'invalid_filter',
      details: { field: 'modle' },
    });
  });
});
