// Capture rules and datasets through EngineApi and the client: CRUD and its errors, capture as
// spans complete on import, backfill, seeded sampling, and dataset listing and rows.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaptureRule, DatasetType, Filter, RuleInput } from '../../dist/worker/src/types.js';
import { generateSpans, spanLine } from './helpers.js';
import { SURFACES, type Surface } from './surfaces.js';

const GPT: RuleInput = { dataset: 'golden', name: 'gpt-4o calls', filter: { model: 'gpt-4o' }, sample_rate: 1 };

const lines = (...l: string[]) => l.join('\n') + '\n';

describe.each(SURFACES)('capture rules: $name', (kind) => {
  let api: Surface;
  beforeEach(async () => {
    api = await kind.open();
  });
  afterEach(async () => {
    await api.close();
  });

  it('adds, lists, updates and deletes rules; adding creates the collection', async () => {
    const rule = await api.addRule({ ...GPT, seed: 7 });
    expect(rule).toMatchObject({
      dataset: 'golden',
      name: 'gpt-4o calls',
      filter: { model: 'gpt-4o' },
      sample_rate: 1,
      seed: 7,
      captured: 0,
    });
    expect(Number.isInteger(rule.id)).toBe(true);
    expect(typeof rule.created_at).toBe('string');
    expect(await api.listDatasets()).toMatchObject([{ name: 'golden', type: 'collection', rows: 0, rules: 1 }]);

    const other = await api.addRule({
      dataset: 'claude',
      name: 'anthropic, cheap',
      filter: 'provider:anthropic cost<0.01',
      sample_rate: 0.25,
    });
    expect(other.id).not.toBe(rule.id);
    expect(Number.isInteger(other.seed)).toBe(true);
    expect((await api.listRules()).map((r) => r.id).sort()).toEqual([rule.id, other.id].sort());
    expect(await api.listRules('golden')).toEqual([rule]);

    const renamed = await api.updateRule(rule.id, { name: 'renamed', sample_rate: 0.5 });
    expect(renamed).toEqual({ ...rule, name: 'renamed', sample_rate: 0.5 });
    const refiltered = await api.updateRule(rule.id, { filter: { provider: 'openai' }, seed: 9 });
    expect(refiltered).toMatchObject({ name: 'renamed', filter: { provider: 'openai' }, seed: 9 });

    expect(await api.deleteRule(rule.id)).toEqual({ deleted: rule.id, removed: 0, kept: 0 });
    expect(await api.listRules()).toEqual([other]);
    expect((await api.listDatasets()).find((d) => d.name === 'golden')).toMatchObject({ rules: 0 });
  });

  it('refuses bad rules with the field, unknown ids, and taken names', async () => {
    const rule = await api.addRule(GPT);
    // Each call starts only when checked, so no rejection waits unhandled.
    const cases: [() => Promise<unknown>, object][] = [
      [
        () => api.addRule({ ...GPT, name: 'r1', sample_rate: 1.5 }),
        { code: 'invalid_argument', details: { field: 'sample_rate' } },
      ],
      [
        () => api.addRule({ ...GPT, name: 'r2', sample_rate: -0.1 }),
        { code: 'invalid_argument', details: { field: 'sample_rate' } },
      ],
      [() => api.addRule({ ...GPT, name: '' }), { code: 'invalid_argument', details: { field: 'name' } }],
      [
        () => api.addRule({ ...GPT, name: 'r3', filter: { modle: 'x' } as Filter }),
        { code: 'invalid_filter', details: { field: 'modle' } },
      ],
      [() => api.addRule({ ...GPT, name: 'r4', filter: 'cost>cheap' }), { code: 'invalid_filter' }],
      [() => api.addRule(GPT), { code: 'conflict' }],
      [
        () => api.updateRule(rule.id, { sample_rate: 2 }),
        { code: 'invalid_argument', details: { field: 'sample_rate' } },
      ],
      [
        () => api.updateRule(rule.id, { filter: { min_cost: -1 } }),
        { code: 'invalid_filter', details: { field: 'min_cost' } },
      ],
      [() => api.updateRule(424242, { name: 'x' }), { code: 'not_found' }],
      [() => api.deleteRule(424242), { code: 'not_found' }],
      [() => api.backfillRule(424242), { code: 'not_found' }],
      [() => api.deleteRule(-1), { code: 'invalid_argument', details: { field: 'id' } }],
      [() => api.backfillRule(1.5), { code: 'invalid_argument', details: { field: 'id' } }],
    ];
    for (const [attempt, expected] of cases) {
      await expect(attempt()).rejects.toMatchObject({ name: 'TraceSiftError', ...expected });
    }
    // A rule name is unique within its dataset only; renaming onto a taken name is a conflict.
    const elsewhere = await api.addRule({ ...GPT, dataset: 'other' });
    const second = await api.addRule({ ...GPT, name: 'second' });
    await expect(api.updateRule(second.id, { name: GPT.name })).rejects.toMatchObject({ code: 'conflict' });
    expect(elsewhere.name).toBe(GPT.name);
    expect(await api.listRules('golden')).toHaveLength(2);
  });

  it('captures matching spans as they complete on import, once, and keeps them when the rule goes', async () => {
    const rule = await api.addRule(GPT);
    const first = lines(
      spanLine('a', { input: [{ role: 'user', content: 'hi' }], output: [{ role: 'assistant', content: 'hello' }] }),
      spanLine('b', { status: 'running', ended_at: null }),
      spanLine('c', { model: 'claude-haiku-4-5', provider: 'anthropic' }),
      spanLine('d', { status: 'failed', error: 'boom' }),
    );
    expect(await api.importText(first)).toMatchObject({ imported: 4, errors: [] });
    const rows = (await api.listDatapoints('golden')).datapoints;
    expect(rows.map((r) => r.span_id).sort()).toEqual(['a', 'd']);
    const a = rows.find((r) => r.span_id === 'a')!;
    expect(a).toMatchObject({
      dataset: 'golden',
      source: 'span_export',
      source_span_id: 'a',
      rule_id: rule.id,
      input: [{ role: 'user', content: 'hi' }],
      output: [{ role: 'assistant', content: 'hello' }],
    });
    expect(typeof a.created_at).toBe('string');
    expect((await api.listRules('golden'))[0]).toMatchObject({ captured: 2 });

    // Re-importing the same lines captures nothing new; the running span completing does.
    expect(await api.importText(first)).toMatchObject({ imported: 0, skipped: 4 });
    expect((await api.listDatapoints('golden')).datapoints).toHaveLength(2);
    await api.importText(lines(spanLine('b')));
    await api.importText(lines(spanLine('b')));
    const after = (await api.listDatapoints('golden')).datapoints;
    expect(after.map((r) => r.span_id).sort()).toEqual(['a', 'b', 'd']);
    expect(await api.listDatasets()).toMatchObject([{ name: 'golden', rows: 3, rules: 1 }]);

    expect(await api.deleteRule(rule.id)).toEqual({ deleted: rule.id, removed: 0, kept: 3 });
    expect((await api.listDatapoints('golden')).datapoints).toEqual(after);
    expect(await api.listDatasets()).toMatchObject([{ name: 'golden', rows: 3, rules: 0 }]);
    await api.importText(lines(spanLine('e')));
    expect((await api.listDatapoints('golden')).datapoints).toHaveLength(3);
  });

  it('captures spans that finish later in the same file exactly once', async () => {
    const filter: Filter = { kind: 'llm_call' };
    await api.addRule({ dataset: 'llm', name: 'all llm calls', filter: filter, sample_rate: 1 });
    await api.importFile(generateSpans(400, 3));
    const rows = (await api.listDatapoints('llm', { limit: 10_000 })).datapoints;
    const ids = rows.map((r) => r.span_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe((await api.count(filter)) - (await api.count({ ...filter, status: 'running' })));
  });

  it('backfills spans stored before the rule, without repeating them', async () => {
    await api.importText(
      lines(
        spanLine('a'),
        spanLine('c', { model: 'claude-haiku-4-5', provider: 'anthropic' }),
        spanLine('r', { model: 'claude-haiku-4-5', provider: 'anthropic', status: 'running', ended_at: null }),
      ),
    );
    const rule = await api.addRule({
      dataset: 'golden',
      name: 'claude',
      filter: { provider: 'anthropic' },
      sample_rate: 1,
    });
    expect((await api.listDatapoints('golden')).datapoints).toEqual([]);
    expect(await api.backfillRule(rule.id)).toEqual({ rule_id: rule.id, matched: 1, sampled: 1, captured: 1 });
    expect(await api.backfillRule(rule.id)).toEqual({ rule_id: rule.id, matched: 1, sampled: 1, captured: 0 });
    expect((await api.listDatapoints('golden')).datapoints.map((r) => [r.span_id, r.rule_id])).toEqual([
      ['c', rule.id],
    ]);
    expect((await api.listRules('golden'))[0]).toMatchObject({ captured: 1 });

    const none = await api.addRule({ dataset: 'golden', name: 'none', filter: {}, sample_rate: 0 });
    expect(await api.backfillRule(none.id)).toMatchObject({ matched: 2, sampled: 0, captured: 0 });
  });

  it('samples reproducibly: the same seed keeps the same spans', async () => {
    await api.importFile(generateSpans(400, 5));
    const filter: Filter = { kind: 'llm_call', status: 'completed' };
    const matched = await api.count(filter);
    const sample = async (dataset: string, seed: number) => {
      const rule = await api.addRule({ dataset, name: 'half', filter: filter, sample_rate: 0.5, seed });
      const result = await api.backfillRule(rule.id);
      expect(result.matched).toBe(matched);
      expect(result.captured).toBe(result.sampled);
      const ids = (await api.listDatapoints(dataset, { limit: 10_000 })).datapoints.map((r) => r.span_id).sort();
      expect(ids).toHaveLength(result.sampled);
      return ids;
    };
    const first = await sample('s1', 1234);
    expect(first.length).toBeGreaterThan(matched * 0.3);
    expect(first.length).toBeLessThan(matched * 0.7);
    expect(await sample('s2', 1234)).toEqual(first);
    expect(await sample('s3', 99)).not.toEqual(first);
  });
});

describe.each(SURFACES)('datasets: $name', (kind) => {
  let api: Surface;
  beforeEach(async () => {
    api = await kind.open();
  });
  afterEach(async () => {
    await api.close();
  });

  it('creates and lists collections; names are unique', async () => {
    expect(await api.listDatasets()).toEqual([]);
    const created = await api.createDataset({ name: 'hand-picked', type: 'collection' });
    expect(created).toMatchObject({ name: 'hand-picked', type: 'collection', rows: 0, rules: 0 });
    expect(typeof created.created_at).toBe('string');
    expect(await api.listDatasets()).toEqual([created]);
    await expect(api.createDataset({ name: 'hand-picked', type: 'collection' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(api.createDataset({ name: '', type: 'collection' })).rejects.toMatchObject({
      code: 'invalid_argument',
      details: { field: 'name' },
    });
    await expect(api.createDataset({ name: 'e', type: 'eval' as DatasetType as 'collection' })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    // A rule may target an existing collection; it is not created again.
    await api.addRule({ dataset: 'hand-picked', name: 'r', filter: {}, sample_rate: 1 });
    expect(await api.listDatasets()).toMatchObject([{ name: 'hand-picked', rules: 1 }]);
  });

  it('pages rows oldest first, and refuses an unknown dataset', async () => {
    const rule: CaptureRule = await api.addRule({ dataset: 'all', name: 'all', filter: {}, sample_rate: 1 });
    for (const id of ['p', 'q', 'r', 's', 't']) await api.importText(lines(spanLine(id)));
    const rows = (await api.listDatapoints('all')).datapoints;
    expect(rows.map((r) => r.span_id)).toEqual(['p', 'q', 'r', 's', 't']);
    expect(rows.every((r) => r.rule_id === rule.id)).toBe(true);
    expect(new Set(rows.map((r) => r.id)).size).toBe(5);
    expect((await api.listDatapoints('all', { limit: 2, offset: 1 })).datapoints).toEqual(rows.slice(1, 3));
    expect((await api.listDatapoints('all', { offset: 5 })).datapoints).toEqual([]);
    await expect(api.listDatapoints('missing')).rejects.toMatchObject({ code: 'not_found' });
  });
});
