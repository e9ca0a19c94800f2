// The review queue through EngineApi and the client: create, enqueue (idempotent), next/claim,
// edit keeping the original, approve into the golden collection, reject, release, progress and the
// errors of illegal transitions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TraceSiftError } from '../../dist/worker/src/errors.js';
import { spanLine } from './helpers.js';
import { SURFACES, type Surface } from './surfaces.js';

const span = (id: string) =>
  spanLine(id, {
    status: 'completed',
    input: [{ role: 'user', content: `q-${id}` }],
    output: [{ role: 'assistant', content: `a-${id}` }],
  });

async function rejection(p: Promise<unknown>): Promise<{ code: string; field: unknown }> {
  try {
    await p;
  } catch (e) {
    const err = e as TraceSiftError;
    return { code: err.code, field: err.details.field };
  }
  return { code: '<none>', field: undefined };
}

describe.each(SURFACES)('review queue: $name', (kind) => {
  let api: Surface;
  beforeEach(async () => {
    api = await kind.open();
    await api.importText([span('s1'), span('s2'), span('s3')].join('\n') + '\n');
    await api.createDataset({ name: 'inbox', type: 'collection' });
    await api.addDatapoints('inbox', ['s1', 's2', 's3']);
  });
  afterEach(async () => {
    await api.close();
  });

  it('moves items pending -> claimed -> completed and fills the golden dataset', async () => {
    const queue = await api.createReviewQueue({ name: 'q', golden: 'gold', lease_seconds: 60 });
    expect(queue).toMatchObject({ name: 'q', golden: 'gold', lease_seconds: 60, progress: { total: 0 } });
    expect(await api.listDatasets()).toContainEqual(expect.objectContaining({ name: 'gold', type: 'collection' }));

    expect(await api.addReviewItems({ queue: 'q', dataset: 'inbox', limit: 2 })).toEqual({
      queue: 'q',
      matched: 3,
      enqueued: 2,
      already: 0,
    });
    expect(await api.addReviewItems({ queue: 'q', dataset: 'inbox' })).toMatchObject({ enqueued: 1, already: 2 });
    expect(await api.addReviewItems({ queue: 'q', dataset: 'inbox' })).toMatchObject({ enqueued: 0, already: 3 });

    const first = (await api.claimNextReviewItem('q', 'ann'))!;
    expect(first).toMatchObject({ state: 'claimed', reviewer: 'ann', edited: false });
    expect(first.datapoint).toMatchObject({ dataset: 'inbox', source: 'manual', source_span_id: 's1' });
    expect(first.output).toEqual([{ role: 'assistant', content: 'a-s1' }]);
    expect((await api.claimNextReviewItem('q', 'ann'))!.id).toBe(first.id);

    const edited = [{ role: 'assistant', content: 'better' }];
    expect(await api.editReviewItem(first.id, 'ann', edited)).toMatchObject({ edited: true });
    const shown = await api.showReviewItem(first.id);
    expect(shown.output).toEqual(edited);
    expect(shown.datapoint.output).toEqual([{ role: 'assistant', content: 'a-s1' }]);
    const approved = await api.approveReviewItem(first.id, 'ann', 'tone');
    expect(approved).toMatchObject({ state: 'completed', outcome: 'approved', note: 'tone' });

    const second = (await api.claimNextReviewItem('q', 'ann'))!;
    await api.rejectReviewItem(second.id, 'ann', 'wrong');
    const third = (await api.claimNextReviewItem('q', 'bob'))!;
    expect(await api.releaseReviewItem(third.id, 'bob')).toMatchObject({ state: 'pending', reviewer: null });
    await api.claimReviewItem(third.id, 'bob');
    await api.approveReviewItem(third.id, 'bob');
    expect(await api.claimNextReviewItem('q', 'bob')).toBeNull();

    expect(await api.showReviewProgress('q')).toEqual({ pending: 0, claimed: 0, approved: 2, rejected: 1, total: 3 });
    expect((await api.listReviewItems('q', { state: 'completed' })).items.map((i) => i.outcome)).toEqual([
      'approved',
      'rejected',
      'approved',
    ]);
    const gold = (await api.listDatapoints('gold')).datapoints;
    expect(gold.map((d) => [d.source, d.source_span_id, d.output])).toEqual([
      ['review', 's1', edited],
      ['review', 's3', [{ role: 'assistant', content: 'a-s3' }]],
    ]);
    expect((await api.listDatapoints('inbox')).datapoints[0]!.output).toEqual([{ role: 'assistant', content: 'a-s1' }]);
    expect((await api.listReviewQueues()).map((q) => q.progress.approved)).toEqual([2]);
    expect(await api.deleteReviewQueue('q')).toEqual({ deleted: 'q', removed: 3, kept: 0 });
  });

  it('refuses illegal transitions and bad input with a code and a field', async () => {
    await api.createReviewQueue({ name: 'q', golden: 'gold' });
    await api.addReviewItems({ queue: 'q', dataset: 'inbox' });
    const [item] = (await api.listReviewItems('q', { limit: 1 })).items;
    expect(await rejection(api.approveReviewItem(item!.id, 'ann'))).toEqual({ code: 'conflict', field: 'item' });
    await api.claimReviewItem(item!.id, 'ann');
    expect(await rejection(api.editReviewItem(item!.id, 'bob', [{ role: 'assistant', content: 'x' }]))).toEqual({
      code: 'conflict',
      field: 'reviewer',
    });
    expect(await rejection(api.editReviewItem(item!.id, 'ann', { role: 'assistant' }))).toEqual({
      code: 'invalid_argument',
      field: 'output',
    });
    await api.rejectReviewItem(item!.id, 'ann');
    expect(await rejection(api.claimReviewItem(item!.id, 'ann'))).toEqual({ code: 'conflict', field: 'item' });
    expect(await rejection(api.showReviewItem(9999))).toEqual({ code: 'not_found', field: 'item' });
    expect(await rejection(api.showReviewProgress('nope'))).toEqual({ code: 'not_found', field: 'queue' });
    expect(await rejection(api.createReviewQueue({ name: 'q', golden: 'gold' }))).toEqual({
      code: 'conflict',
      field: 'name',
    });
    expect(await rejection(api.addReviewItems({ queue: 'q' }))).toEqual({ code: 'invalid_argument', field: 'dataset' });
  });
});
