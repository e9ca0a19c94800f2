// Dataset previews (dry runs) through EngineApi, the client and `datasets create --dry-run`: the
// report the save then gives, the same errors, and nothing written.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { DatasetReport } from '../../dist/worker/src/types.js';
import { cli, generateSpans, parseLines, tempDir } from './helpers.js';
import { SURFACES, type Surface } from './surfaces.js';

/** A report without its recipe's creation time (two calls a moment apart differ only there). */
function timeless(report: DatasetReport): unknown {
  return { ...report, recipe: { ...report.recipe, created_at: undefined } };
}

describe.each(SURFACES)('dataset preview: $name', (kind) => {
  let api: Surface;
  beforeEach(async () => {
    api = await kind.open();
  });
  afterEach(async () => {
    await api.close();
  });

  it('reports what the save then does, writing nothing', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 200; i++) {
      lines.push(
        JSON.stringify({
          span_id: `s${i}`,
          trace_id: `t${i % 50}`,
          name: 'chat',
          kind: 'llm_call',
          status: 'completed',
          task: i % 4 === 0 ? 'eval-src' : 'train-src',
          started_at: '2025-05-01T12:00:00Z',
          input: [{ role: 'user', content: `question number ${i}` }],
        }),
      );
    }
    await api.importText(lines.join('\n') + '\n');
    const evRequest = { name: 'ev', type: 'eval' as const, filter: 'task:eval-src', limit: 20, seed: 3 };
    const evPreview = await api.previewDataset(evRequest);
    expect(evPreview).toMatchObject({ name: 'ev', rows: 20, candidates: 50 });
    expect(await api.listDatasets()).toEqual([]);
    expect(timeless(await api.saveDataset(evRequest))).toEqual(timeless(evPreview));

    const trRequest = { name: 'tr', type: 'training' as const, exclude: 'ev', seed: 5 };
    const trPreview = await api.previewDataset(trRequest);
    expect(trPreview.excluded.total).toBeGreaterThan(0);
    expect(trPreview.excluded.same_span).toBe(20);
    expect((await api.listDatasets()).map((d) => [d.name, d.rows])).toEqual([['ev', 20]]);
    const saved = await api.saveDataset(trRequest);
    expect(timeless(saved)).toEqual(timeless(trPreview));
    expect((await api.listDatapoints('tr', { limit: 1000 })).datapoints.length).toBe(trPreview.rows);
  });

  it('fails as the save would: 100% overlap is a conflict on exclude', async () => {
    const lines = ['a', 'b'].map((id) =>
      JSON.stringify({
        span_id: id,
        trace_id: `t-${id}`,
        name: 'chat',
        kind: 'llm_call',
        status: 'completed',
        started_at: '2025-05-01T12:00:00Z',
      }),
    );
    await api.importText(lines.join('\n') + '\n');
    await api.saveDataset({ name: 'ev', type: 'eval' });
    await expect(api.previewDataset({ name: 'tr', type: 'training', exclude: 'ev' })).rejects.toMatchObject({
      code: 'conflict',
      details: { field: 'exclude' },
    });
    await expect(api.previewDataset({ name: 'ev', type: 'eval' })).rejects.toMatchObject({
      code: 'conflict',
      details: { field: 'name' },
    });
    await expect(api.previewDataset({ name: 'x', type: 'eval', filter: 'model:none' })).rejects.toMatchObject({
      code: 'invalid_argument',
      details: { field: 'filter' },
    });
    expect((await api.listDatasets()).map((d) => d.name)).toEqual(['ev']);
  });
});

describe('tracesift datasets create --dry-run (CLI)', () => {
  it('prints the report the save then prints, and saves nothing', async () => {
    const db = join(tempDir(), 'd.db');
    expect((await cli('import', generateSpans(1500, 4), '--db', db)).status).toBe(0);
    await cli('datasets', 'create', '--db', db, '--type', 'eval', '--name', 'ev', '--query', 'env:staging');
    const args = ['datasets', 'create', '--db', db, '--type', 'training', '--name', 'tr', '--exclude', 'ev'];
    const dry = await cli(...args, '--dry-run');
    expect(dry.stderr).toBe('');
    const preview = JSON.parse(dry.stdout) as DatasetReport;
    expect(preview.excluded.total).toBeGreaterThan(0);
    expect(parseLines((await cli('datasets', 'list', '--db', db)).stdout).map((d) => d.name)).toEqual(['ev']);
    const saved = JSON.parse((await cli(...args)).stdout) as DatasetReport;
    expect(timeless(saved)).toEqual(timeless(preview));
    const collection = await cli('datasets', 'create', '--db', db, '--type', 'collection', '--name', 'c', '--dry-run');
    expect(collection.status).toBe(2);
  });
});
