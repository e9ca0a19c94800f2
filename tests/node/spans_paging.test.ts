// Sorted span listings and cursor paging, through EngineApi and through the client: every page
// walk visits each matching span once, in order, with spans lacking the sort value last.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../dist/worker/src/engine_api.js';
import { TraceSift } from '../../dist/web/src/client.js';
import type { FilterSpec, SortOrder, Span, SpanSort, SpansQuery } from '../../dist/worker/src/types.js';
import { generateSpans, spanLine, timeNanos } from './helpers.js';
import { SHARED_METHODS, SURFACES, type Surface } from './surfaces.js';

/** The value a span sorts by, or null when it has none. */
function sortKey(span: Span, sort: SpanSort): number | bigint | null {
  switch (sort) {
    case 'time':
      return timeNanos(span.started_at);
    case 'cost':
      return span.cost_usd;
    case 'tokens': // docs/CONTRACT.md: total tokens = input + output, nulls counting as 0
      return (span.input_tokens ?? 0) + (span.output_tokens ?? 0);
    case 'duration':
      return span.ended_at === null ? null : timeNanos(span.ended_at) - timeNanos(span.started_at);
  }
}

/** The first place where `spans` is out of order, or null. */
function orderViolation(spans: Span[], sort: SpanSort, order: SortOrder): string | null {
  for (let i = 1; i < spans.length; i++) {
    const a = sortKey(spans[i - 1]!, sort);
    const b = sortKey(spans[i]!, sort);
    const ok = a === null ? b === null : b === null || (order === 'asc' ? a <= b : a >= b);
    if (!ok) return `${sort} ${order}: #${i - 1} (${String(a)}) before #${i} (${String(b)})`;
  }
  return null;
}

/** Walks every page of a listing with the cursor. */
async function walk(api: Surface, filter: FilterSpec, query: SpansQuery) {
  const spans: Span[] = [];
  const pageSizes: number[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = await api.spans(filter, { ...query, ...(cursor === undefined ? {} : { cursor }) });
    spans.push(...page.spans);
    pageSizes.push(page.spans.length);
    if (page.nextCursor === null) return { spans, pageSizes };
    expect(typeof page.nextCursor).toBe('string');
    cursor = page.nextCursor;
  }
  throw new Error('the cursor never ended');
}

let generated: string;
beforeAll(() => {
  generated = generateSpans(600, 7);
});

it('EngineApi and the client offer the same methods', async () => {
  for (const m of SHARED_METHODS) {
    expect(typeof (EngineApi.prototype as unknown as Record<string, unknown>)[m], m).toBe('function');
    expect(typeof (TraceSift.prototype as unknown as Record<string, unknown>)[m], m).toBe('function');
  }
});

describe.each(SURFACES)('spans pages: $name', (kind) => {
  let api: Surface;
  beforeEach(async () => {
    api = await kind.open();
    const report = await api.importFile(generated);
    expect(report).toMatchObject({ imported: 600, errors: [] });
  });
  afterEach(async () => {
    await api.close();
  });

  it('lists newest first, 100 at a time, by default', async () => {
    const page = await api.spans();
    expect(page.spans).toHaveLength(100);
    expect(page.nextCursor).not.toBeNull();
    expect(orderViolation(page.spans, 'time', 'desc')).toBeNull();
  });

  const orders: [SpanSort, SortOrder][] = [
    ['time', 'desc'],
    ['time', 'asc'],
    ['cost', 'desc'],
    ['cost', 'asc'],
    ['tokens', 'desc'],
    ['tokens', 'asc'],
    ['duration', 'desc'],
    ['duration', 'asc'],
  ];
  it.each(orders)('walks every page sorted by %s %s: in order, each span once, all of them', async (sort, order) => {
    const { spans, pageSizes } = await walk(api, {}, { sort, order, limit: 97 });
    expect(orderViolation(spans, sort, order)).toBeNull();
    const ids = spans.map((s) => s.span_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(await api.count());
    expect(pageSizes.slice(0, -1).every((n) => n === 97)).toBe(true);
    expect(pageSizes.at(-1)).toBeLessThanOrEqual(97);
  });

  it('walks a filtered listing (object and query text) to exactly count() spans', async () => {
    for (const filter of [{ kind: 'llm_call' }, 'provider:anthropic -status:failed'] as FilterSpec[]) {
      const { spans } = await walk(api, filter, { sort: 'cost', order: 'asc', limit: 50 });
      expect(spans.length).toBe(await api.count(filter));
      expect(new Set(spans.map((s) => s.span_id)).size).toBe(spans.length);
      expect(orderViolation(spans, 'cost', 'asc')).toBeNull();
    }
    const llm = await walk(api, { kind: 'llm_call' }, { sort: 'tokens', order: 'desc', limit: 1000 });
    expect(llm.spans.every((s) => s.kind === 'llm_call')).toBe(true);
  });

  it('puts spans without a cost last in both orders', async () => {
    for (const order of ['asc', 'desc'] as const) {
      const { spans } = await walk(api, {}, { sort: 'cost', order, limit: 10_000 });
      const firstNull = spans.findIndex((s) => s.cost_usd === null);
      expect(firstNull).toBeGreaterThan(0);
      expect(spans.slice(firstNull).every((s) => s.cost_usd === null)).toBe(true);
    }
  });

  it('agrees between offset and cursor paging', async () => {
    const query: SpansQuery = { sort: 'duration', order: 'asc' };
    const { spans } = await walk(api, {}, { ...query, limit: 10_000 });
    const page = await api.spans({}, { ...query, offset: 40, limit: 25 });
    expect(page.spans.map((s) => s.span_id)).toEqual(spans.slice(40, 65).map((s) => s.span_id));
    const after = await api.spans({}, { ...query, limit: 25, cursor: page.nextCursor! });
    expect(after.spans.map((s) => s.span_id)).toEqual(spans.slice(65, 90).map((s) => s.span_id));
  });

  it('returns no cursor with the last span, and an empty page for an empty result', async () => {
    const all = await api.spans({}, { limit: 10_000 });
    expect(all.spans).toHaveLength(600);
    expect(all.nextCursor).toBeNull();
    const none = await api.spans({ model: 'no-such-model' }, { sort: 'cost' });
    expect(none).toEqual({ spans: [], nextCursor: null });
  });

  it('rejects a malformed cursor, and a cursor used with another sort, naming "cursor"', async () => {
    await expect(api.spans({}, { cursor: 'not-a-cursor' })).rejects.toMatchObject({
      name: 'TraceSiftError',
      code: 'invalid_argument',
      details: { field: 'cursor' },
    });
    const page = await api.spans({}, { sort: 'cost', order: 'desc', limit: 10 });
    await expect(api.spans({}, { sort: 'tokens', order: 'desc', cursor: page.nextCursor! })).rejects.toMatchObject({
      code: 'invalid_argument',
      details: { field: 'cursor' },
    });
  });

  it('rejects an unknown sort key or order', async () => {
    await expect(api.spans({}, { sort: 'price' as SpanSort })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(api.spans({}, { order: 'up' as SortOrder })).rejects.toMatchObject({ code: 'invalid_argument' });
  });
});

describe('spans through the client', () => {
  it('transfers the page bytes from the worker rather than copying them', async () => {
    const { ts, worker } = await (await import('./in_process_worker.js')).openInProcess();
    await ts.importFile(new Blob([[spanLine('a'), spanLine('b')].join('\n')]), { fileName: 'x.jsonl' });
    const page = await ts.spans({}, { sort: 'cost' });
    expect(page.spans.map((s) => s.span_id).sort()).toEqual(['a', 'b']);
    const last = worker.responses.at(-1)!;
    expect(last.transfer).toHaveLength(1);
    expect(last.transfer[0]!.byteLength).toBe(0); // detached on the worker side
    await ts.close();
  });
});
