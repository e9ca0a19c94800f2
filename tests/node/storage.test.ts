// The database as a file through the async client (in-process worker, the real wasm module):
// download and open round trip, files that are not tracesift databases refused with nothing
// changed, the integrity check, and `storage: 'opfs'` falling back to memory with a notice where
// there is no OPFS (node).
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { TraceSiftError } from '../../dist/worker/src/errors.js';
import { open, type TraceSift } from '../../dist/web/src/client.js';
import { generateSpans } from './helpers.js';
import { InProcessWorker, openInProcess } from './in_process_worker.js';

const spans = (n: number, seed: number) => new Blob([readFileSync(generateSpans(n, seed))]);
const opened: TraceSift[] = [];
async function fresh(): Promise<TraceSift> {
  const { ts } = await openInProcess();
  opened.push(ts);
  return ts;
}
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return TraceSiftError.from(e).code;
  }
  return 'resolved';
}

afterEach(async () => {
  for (const ts of opened.splice(0)) await ts.close().catch(() => undefined);
});

describe('storage', () => {
  it("falls back to memory with a notice when 'opfs' is asked for where there is none", async () => {
    const ts = await open({ worker: new InProcessWorker() as unknown as Worker, storage: 'opfs' });
    opened.push(ts);
    expect(ts.storage.storage).toBe('memory');
    expect(ts.storage.persistent).toBe(false);
    expect(ts.storage.notice).toMatch(/no origin-private file system.*nothing will be saved/);
    const plain = await fresh();
    expect(plain.storage).toEqual({ storage: 'memory', persistent: false });
  });

  it('downloads the database and opens it elsewhere with the same contents', async () => {
    const source = await fresh();
    await source.importFile(spans(1500, 1), { fileName: 'a.jsonl' });
    await source.addRule({ dataset: 'kept', name: 'all', filter: {}, sample_rate: 1 });
    const progress: number[] = [];
    const file = await source.downloadDatabase({ onProgress: (p) => progress.push(p.bytes / p.totalBytes) });
    expect(file.size).toBeGreaterThan(0);
    expect(progress[progress.length - 1]).toBe(1);
    expect(new TextDecoder().decode(new Uint8Array(await file.slice(0, 15).arrayBuffer()))).toBe('SQLite format 3');

    const target = await fresh();
    await target.importFile(spans(10, 2), { fileName: 'b.jsonl' });
    expect(await target.openDatabaseFile(file)).toEqual({ spans: 1500 });
    expect(await target.count()).toBe(1500);
    expect((await target.listRules()).map((r) => r.name)).toEqual(['all']);
    expect(await target.checkDatabase()).toEqual({ ok: true, report: 'ok' });
  });

  it('reports the database size, which grows with the spans stored and equals the downloaded file', async () => {
    const ts = await fresh();
    const empty = (await ts.databaseSize()).bytes;
    expect(empty).toBeGreaterThan(0);
    await ts.importFile(spans(2000, 4), { fileName: 'a.jsonl' });
    const filled = (await ts.databaseSize()).bytes;
    expect(filled).toBeGreaterThan(empty);
    expect((await ts.downloadDatabase()).size).toBe(filled);
  });

  it('refuses files that are not tracesift databases and changes nothing', async () => {
    const ts = await fresh();
    await ts.importFile(spans(20, 3), { fileName: 'a.jsonl' });
    const before = await (await ts.downloadDatabase()).arrayBuffer();
    expect(await codeOf(ts.openDatabaseFile(new Blob(['not a database\n'.repeat(100)])))).toBe('not_a_database');
    const truncated = new Blob([before.slice(0, 1000)]);
    expect(await codeOf(ts.openDatabaseFile(truncated))).toBe('not_a_database');
    expect(await ts.count()).toBe(20);
    const after = await (await ts.downloadDatabase()).arrayBuffer();
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(true);
  });
});
