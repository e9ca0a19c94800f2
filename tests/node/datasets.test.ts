// Eval and training datasets through EngineApi and the client, and through the CLI: saving from a
// filter, leakage excluded and reported, the 100% error, show/rename/delete, hand-picked spans.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { DatasetReport } from '../../dist/worker/src/types.js';
import { cli, cliFails, cliJson, generateSpans, parseLines, spanLine, tempDir } from './helpers.js';
import { openInProcess } from './in_process_worker.js';
import { SURFACES, type Surface } from './surfaces.js';

/** Four eval-task spans and training-task spans overlapping them in each way, plus clean ones. */
function leakyJsonl(): string {
  const msg = (text: string) => [{ role: 'user', content: text }];
  const line = (id: string, trace: string, text: string, task: string, session?: string) =>
    spanLine(id, {
      trace_id: trace,
      task,
      status: 'completed',
      ...(session ? { session_id: session } : {}),
      input: msg(text),
      output: [{ role: 'assistant', content: `re: ${text}` }],
    });
  return (
    [
      line('e1', 'te1', 'how do I reset my password', 'eval-src'),
      line('e2', 'te2', 'what is the refund policy for annual plans', 'eval-src', 'sess-e'),
      line('t-input', 'tt1', 'How do I  RESET my password', 'train-src'),
      line('t-trace', 'te1', 'another question in the same trace', 'train-src'),
      line('t-session', 'tt3', 'another question in the same conversation', 'train-src', 'sess-e'),
      line('t-clean', 'tt4', 'write a haiku about autumn leaves', 'train-src'),
    ].join('\n') + '\n'
  );
}

describe.each(SURFACES)('datasets: $name', (kind) => {
  let api: Surface;
  beforeEach(async () => {
    api = await kind.open();
  });
  afterEach(async () => {
    await api.close();
  });

  it('saves an eval and a training dataset with leakage excluded and reported', async () => {
    await api.importText(leakyJsonl());
    const ev = await api.saveDataset({ name: 'ev', type: 'eval', filter: 'task:eval-src' });
    expect(ev).toMatchObject({ name: 'ev', type: 'eval', rows: 2, candidates: 2, warnings: [] });
    const tr: DatasetReport = await api.saveDataset({ name: 'tr', type: 'training', exclude: 'ev' });
    expect(tr).toMatchObject({
      rows: 1,
      candidates: 6,
      excluded: { same_span: 2, same_input: 1, same_group: 2, near_duplicate: 0, total: 5 },
    });
    expect(tr.overlap_ratio).toBeCloseTo(5 / 6);
    expect(tr.warnings).toHaveLength(1);
    expect((await api.listDatapoints('tr')).datapoints.map((r) => r.source_span_id)).toEqual(['t-clean']);
    const shown = await api.showDataset('tr');
    expect(shown.recipe).toMatchObject({ type: 'training', exclude: 'ev', counts: { rows: 1 } });
    expect(shown.recipe!.rows_hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refuses a training slice entirely inside its eval dataset, saving nothing', async () => {
    await api.importText(leakyJsonl());
    await api.saveDataset({ name: 'ev', type: 'eval', filter: 'task:eval-src' });
    await expect(
      api.saveDataset({ name: 'tr', type: 'training', exclude: 'ev', filter: 'task:eval-src' }),
    ).rejects.toMatchObject({ code: 'conflict', details: { field: 'exclude' } });
    await expect(api.saveDataset({ name: 'x', type: 'training' })).rejects.toMatchObject({
      code: 'invalid_argument',
      details: { field: 'exclude' },
    });
    expect((await api.listDatasets()).map((d) => d.name)).toEqual(['ev']);
  });

  it('names the training datasets that exclude an eval dataset', async () => {
    await api.importText(leakyJsonl());
    await api.saveDataset({ name: 'ev', type: 'eval', filter: 'task:eval-src' });
    expect(await api.listDatasetsExcluding('ev')).toEqual([]);
    await api.saveDataset({ name: 'tr-b', type: 'training', exclude: 'ev' });
    await api.saveDataset({ name: 'tr-a', type: 'training', exclude: 'ev', filter: 'task:train-src' });
    await api.saveDataset({ name: 'ev-2', type: 'eval', filter: 'task:train-src', limit: 1 });
    await api.saveDataset({ name: 'tr-c', type: 'training', exclude: 'ev-2' });
    const excluding = await api.listDatasetsExcluding('ev');
    expect(excluding.map((d) => [d.name, d.type, d.rows])).toEqual([
      ['tr-a', 'training', 1],
      ['tr-b', 'training', 1],
    ]);
    expect((await api.listDatasetsExcluding('ev-2')).map((d) => d.name)).toEqual(['tr-c']);
    expect(await api.listDatasetsExcluding('tr-a')).toEqual([]);
    await expect(api.listDatasetsExcluding('nope')).rejects.toMatchObject({
      code: 'not_found',
      details: { field: 'dataset' },
    });
    await expect(api.listDatasetsExcluding(7 as unknown as string)).rejects.toMatchObject({
      code: 'invalid_argument',
      details: { field: 'name' },
    });
  });

  it('renames, deletes, and adds hand-picked spans to collections only', async () => {
    await api.importText(leakyJsonl());
    await api.saveDataset({ name: 'ev', type: 'eval', filter: 'task:eval-src' });
    expect(await api.renameDataset('ev', 'ev-1')).toMatchObject({ name: 'ev-1', rows: 2 });
    await api.createDataset({ name: 'picked', type: 'collection' });
    expect(await api.addDatapoints('picked', ['t-clean', 'e1', 't-clean'])).toEqual({ added: 2 });
    expect((await api.listDatapoints('picked')).datapoints.map((r) => r.source)).toEqual(['manual', 'manual']);
    await expect(api.addDatapoints('ev-1', ['t-clean'])).rejects.toMatchObject({ code: 'invalid_argument' });
    expect(await api.deleteDataset('picked')).toEqual({ deleted: 'picked', removed: 2, kept: 0 });
    expect((await api.listDatasets()).map((d) => d.name)).toEqual(['ev-1']);
  });
});

describe('tracesift datasets (CLI)', () => {
  it('creates eval and training datasets from a query and shows the recipe', async () => {
    const dir = tempDir();
    const db = join(dir, 'd.db');
    const file = generateSpans(3000, 9);
    expect((await cli('import', file, '--db', db)).status).toBe(0);
    const ev = await cli(
      'datasets',
      'create',
      '--db',
      db,
      '--type',
      'eval',
      '--name',
      'ev',
      '--query',
      'env:staging',
      '--limit',
      '100',
      '--seed',
      '3',
    );
    expect(ev.stderr).toBe('');
    expect(JSON.parse(ev.stdout)).toMatchObject({ name: 'ev', rows: 100 });
    const tr = await cli(
      'datasets',
      'create',
      '--db',
      db,
      '--type',
      'training',
      '--name',
      'tr',
      '--exclude',
      'ev',
      '--no-near-duplicate',
    );
    expect(tr.status).toBe(0);
    // Any operation of the API by name (`tracesift call`): the training dataset that excludes ev.
    const excluding = await cliJson('call', 'listDatasetsExcluding', 'ev', '--db', db);
    expect(excluding.map((d: { name: string }) => d.name)).toEqual(['tr']);
    expect(await cliJson('call', 'count', '"env:staging"', '--db', db)).toBeGreaterThan(100);
    await cliFails(['call', 'listDatasetsExcluding', 'nope', '--db', db], 1, 'not_found', 'dataset');
    await cliFails(['call', 'dropEverything', '--db', db], 2, 'invalid_argument', 'OPERATION');
    const report = JSON.parse(tr.stdout) as DatasetReport;
    expect(report.excluded.same_span).toBe(100);
    expect(report.excluded.near_duplicate).toBe(0);
    expect(report.recipe.leakage).toMatchObject({ near_duplicate: false, same_span: true });
    const shown = JSON.parse((await cli('datasets', 'show', 'tr', '--db', db)).stdout);
    expect(shown.recipe.counts.rows).toBe(report.rows);
    const evIds = new Set(
      parseLines<{ source_span_id: string }>((await cli('datasets', 'rows', 'ev', '--db', db)).stdout).map(
        (r) => r.source_span_id,
      ),
    );
    const trRows = parseLines<{ source_span_id: string }>((await cli('datasets', 'rows', 'tr', '--db', db)).stdout);
    expect(trRows).toHaveLength(report.rows);
    expect(trRows.filter((r) => evIds.has(r.source_span_id))).toEqual([]);
    expect(JSON.parse((await cli('datasets', 'rename', 'tr', 'tr-1', '--db', db)).stdout)).toMatchObject({
      name: 'tr-1',
    });
    expect(JSON.parse((await cli('datasets', 'delete', 'tr-1', '--db', db)).stdout)).toMatchObject({ deleted: 'tr-1' });
  });

  it('exports every format to --out with the recipe beside it', async () => {
    const dir = tempDir();
    const db = join(dir, 'd.db');
    writeFileSync(join(dir, 'leaky.jsonl'), leakyJsonl());
    expect((await cli('import', join(dir, 'leaky.jsonl'), '--db', db)).status).toBe(0);
    await cli('datasets', 'create', '--db', db, '--type', 'eval', '--name', 'ev', '--query', 'task:eval-src');
    await cli('datasets', 'create', '--db', db, '--type', 'training', '--name', 'tr', '--exclude', 'ev');
    const chat = await cli(
      'export',
      '--db',
      db,
      '--dataset',
      'tr',
      '--format',
      'openai-chat',
      '--out',
      join(dir, 'tr.jsonl'),
    );
    expect(chat.stderr).toBe('');
    expect(JSON.parse(chat.stdout)).toMatchObject({ rows: 1, rejected: 0 });
    const line = JSON.parse(readFileSync(join(dir, 'tr.jsonl'), 'utf8').trim());
    expect(line.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
    expect(JSON.parse(readFileSync(join(dir, 'tr.jsonl.recipe.json'), 'utf8')).recipe.exclude).toBe('ev');
    const hf = await cli('export', '--db', db, '--dataset', 'tr', '--format', 'hf', '--out', join(dir, 'hf'));
    expect(hf.status).toBe(0);
    expect(readdirSync(join(dir, 'hf')).sort()).toEqual([
      'README.md',
      'recipe.json',
      'train.jsonl',
      'validation.jsonl',
    ]);
    expect(
      readFileSync(join(dir, 'hf', 'validation.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(2);
    for (const format of ['jsonl', 'csv']) {
      const r = await cli(
        'export',
        '--db',
        db,
        '--dataset',
        'ev',
        '--format',
        format,
        '--out',
        join(dir, `ev.${format}`),
      );
      expect(r.status).toBe(0);
      expect(existsSync(join(dir, `ev.${format}.recipe.json`))).toBe(true);
    }
    const bad = await cli('export', '--db', db, '--dataset', 'ev', '--format', 'parquet', '--out', join(dir, 'x'));
    expect(bad.status).toBe(2);
    expect(JSON.parse(bad.stderr).error.field).toBe('--format');
  });

  it('rejects bad options with exit 2 and engine refusals with exit 1', async () => {
    const dir = tempDir();
    const db = join(dir, 'd.db');
    writeFileSync(join(dir, 'one.jsonl'), spanLine('a', { status: 'completed' }) + '\n');
    await cli('import', join(dir, 'one.jsonl'), '--db', db);
    const badType = await cli('datasets', 'create', '--db', db, '--type', 'gold', '--name', 'x');
    expect(badType.status).toBe(2);
    expect(JSON.parse(badType.stderr).error.field).toBe('--type');
    const noExclude = await cli('datasets', 'create', '--db', db, '--type', 'training', '--name', 'x');
    expect(noExclude.status).toBe(1);
    expect(JSON.parse(noExclude.stderr).error).toMatchObject({ code: 'invalid_argument', field: 'exclude' });
    expect((await cli('datasets', 'create', '--help')).stdout).toContain('--no-near-duplicate');
    expect((await cli('datasets', 'show', '--help')).status).toBe(0);
  });
});

describe('exportDataset (client)', () => {
  it('gives each file as a Blob, and cancelling rejects with code "aborted" and frees the export', async () => {
    const { ts } = await openInProcess();
    try {
      await ts.importFile(new Blob([readFileSync(generateSpans(300, 5))]), { fileName: 'g.jsonl' });
      const ev = await ts.saveDataset({ name: 'ev', type: 'eval', limit: 120 });
      const files = await ts.exportDataset('ev', 'jsonl');
      expect(files.map((f) => f.name)).toEqual(['ev.jsonl', 'ev.recipe.json']);
      const lines = (await files[0].blob.text()).trim().split('\n');
      expect(lines).toHaveLength(ev.rows);
      expect(JSON.parse(await files[1].blob.text())).toMatchObject({
        dataset: 'ev',
        recipe: { type: 'eval', counts: { rows: ev.rows } },
      });

      const before = new AbortController();
      before.abort();
      await expect(ts.exportDataset('ev', 'jsonl', { signal: before.signal })).rejects.toMatchObject({
        name: 'TraceSiftError',
        code: 'aborted',
      });
      const during = new AbortController();
      await expect(
        ts.exportDataset('ev', 'csv', { signal: during.signal, onProgress: () => during.abort() }),
      ).rejects.toMatchObject({ code: 'aborted' });
      // The cancelled export's handle was released: a new export runs to the end.
      expect((await ts.exportDataset('ev', 'csv')).map((f) => f.name)).toEqual(['ev.csv', 'ev.recipe.json']);
    } finally {
      await ts.close();
    }
  });
});
