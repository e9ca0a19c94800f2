// Gzip-compressed files through the package under node (open() and importFile, the engine in a
// worker thread): a real fixture gzipped gives exactly the spans of the plain file, whatever the
// file is named; progress counts compressed bytes up to the file's size; members joined with cat
// read as one text; a corrupt or truncated file is one parse_error naming the file and the
// compressed byte, and the batches committed before it stay.
import { openAsBlob, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportProgressEvent, ImportReport } from '../../dist/worker/src/types.js';
import { open } from '../../dist/web/src/node.js';
import type { TraceSift } from '../../dist/web/src/client.js';
import { badChecksum, cutShort, REAL_DOCUMENT, REAL_SPANS, twoMembers, unknownMethod } from './gzip_files.js';
import { generateSpans, rejection, tempDir } from './helpers.js';
import { openInProcess } from './in_process_worker.js';

/** A number as the messages print it. */
const shown = (n: number) => n.toLocaleString('en-US');

/** A report with the file its rejected lines name replaced by `file`. */
const named = (report: ImportReport, file: string) => ({
  ...report,
  errors: report.errors.map((e) => ({ ...e, file })),
});

describe('gzip files through the package (node)', () => {
  const opened: TraceSift[] = [];
  /** A fresh in-memory database, closed after the test. */
  const fresh = async () => {
    const ts = await open();
    opened.push(ts);
    return ts;
  };
  /** Every span stored, in a stable order. */
  const allSpans = async (ts: TraceSift) => (await ts.spans({}, { limit: 10_000 })).spans;
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((ts) => ts.close()));
  });

  it.each([REAL_DOCUMENT, REAL_SPANS])('gives exactly the spans of the plain file: %s', async (fixture) => {
    const dir = tempDir();
    const gzPath = join(dir, 'traces.json.gz');
    writeFileSync(gzPath, gzipSync(readFileSync(fixture)));
    const size = readFileSync(gzPath).length;
    const plain = await fresh();
    const expected = await plain.importFile(await openAsBlob(fixture), { fileName: 'traces.json' });
    expect(expected.imported).toBeGreaterThan(0);
    const gz = await fresh();
    const events: ImportProgressEvent[] = [];
    const report = await gz.importFile(await openAsBlob(gzPath), {
      fileName: 'traces.json.gz',
      onProgress: (p) => events.push(p),
    });
    expect(named(report, 'traces.json')).toEqual(expected);
    expect(await allSpans(gz)).toEqual(await allSpans(plain));
    // Progress is on the compressed bytes, and ends at the file's size.
    expect(events.length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ bytes: size, totalBytes: size });
    // Told by its first bytes, not its name: the same bytes named like a plain file decompress too.
    const again = await gz.importFile(new Blob([readFileSync(gzPath)]), { fileName: 'traces.json' });
    expect(again).toMatchObject({ imported: 0, skipped: expected.imported + expected.updated });
  });

  it('reads members joined with cat as one text, with progress in several steps up to the size', async () => {
    const text = readFileSync(generateSpans(20_000, 15));
    const gz = twoMembers(text);
    const plain = await fresh();
    const expected = await plain.importFile(new Blob([text]), { fileName: 'big.jsonl' });
    const ts = await fresh();
    const events: ImportProgressEvent[] = [];
    const report = await ts.importFile(new Blob([gz]), { fileName: 'big.jsonl.gz', onProgress: (p) => events.push(p) });
    expect(named(report, 'big.jsonl')).toEqual(expected);
    expect(report).toMatchObject({ imported: 20_000, bytes: text.length });
    expect(await ts.count()).toBe(20_000);
    // More than one chunk of decompressed text went to the engine, and progress only grew.
    expect(events.length).toBeGreaterThan(1);
    const bytes = events.map((e) => e.bytes);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect(events.every((e) => e.totalBytes === gz.length && e.bytes <= gz.length)).toBe(true);
    expect(bytes.at(-1)).toBe(gz.length);
    expect(events.at(-1)!.read).toBe(expected.read);
  });

  it('stops a truncated file with one parse_error at its last byte; the batches before it stay', async () => {
    const text = readFileSync(generateSpans(40_000, 16));
    const whole = gzipSync(text);
    const keep = Math.floor(whole.length * 0.6);
    const ts = await fresh();
    const e = await rejection(ts.importFile(new Blob([cutShort(whole, keep)]), { fileName: 'cut.jsonl.gz' }));
    expect(e.code).toBe('parse_error');
    expect(e.message).toBe(
      `'cut.jsonl.gz' is not a valid gzip file: unexpected end of file at compressed byte ${shown(keep)}`,
    );
    expect(e.details).toMatchObject({ file: 'cut.jsonl.gz', detected: 'gzip', offset: keep });
    // What the batches before the failure committed stays, and the error says how much.
    const stored = await ts.count();
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(40_000);
    expect(e.details.progress).toMatchObject({ imported: stored });
  });

  it('refuses a corrupt file in one parse_error naming where it failed, and stores nothing of it', async () => {
    const gz = gzipSync(readFileSync(REAL_DOCUMENT));
    const ts = await fresh();
    const crc = await rejection(ts.importFile(new Blob([badChecksum(gz)]), { fileName: 'crc.json.gz' }));
    expect(crc.code).toBe('parse_error');
    expect(crc.message).toMatch(
      /^'crc\.json\.gz' is not a valid gzip file: incorrect data check (at compressed byte [0-9,]+|in compressed bytes [0-9,]+ to [0-9,]+)$/,
    );
    expect(crc.message.endsWith(shown(gz.length))).toBe(true);
    expect(crc.details).toMatchObject({ file: 'crc.json.gz', detected: 'gzip' });
    const method = await rejection(ts.importFile(new Blob([unknownMethod(gz)]), { fileName: 'method.json.gz' }));
    expect(method.message).toBe(
      `'method.json.gz' is not a valid gzip file: unknown compression method in compressed bytes 0 to ${shown(gz.length)}`,
    );
    expect(method.details).toMatchObject({ file: 'method.json.gz', detected: 'gzip', offset: 0 });
    expect(await ts.count()).toBe(0);
  });

  it('cancels a gzip import on abort: the batches committed stay, the report says so', async () => {
    const gz = gzipSync(readFileSync(generateSpans(40_000, 18)));
    const ts = await fresh();
    const abort = new AbortController();
    const e = await rejection(
      ts.importFile(new Blob([gz]), {
        fileName: 'abort.jsonl.gz',
        signal: abort.signal,
        onProgress: (p) => {
          if (p.imported > 0) abort.abort();
        },
      }),
    );
    expect(e.code).toBe('aborted');
    const report = e.details['report'] as ImportReport;
    expect(report.cancelled).toBe(true);
    expect(report.imported).toBeGreaterThan(0);
    expect(await ts.count()).toBe(report.imported);
  });

  it('says so when the platform has no DecompressionStream', async () => {
    const { ts } = await openInProcess();
    const saved = globalThis.DecompressionStream;
    // @ts-expect-error: a platform without it
    delete globalThis.DecompressionStream;
    try {
      const e = await rejection(ts.importFile(new Blob([gzipSync('{}\n')]), { fileName: 'old.jsonl.gz' }));
      expect(e.code).toBe('parse_error');
      expect(e.message).toBe(
        "'old.jsonl.gz' is a gzip-compressed file, and this browser cannot decompress it (no DecompressionStream): decompress it first (gunzip)",
      );
      expect(e.details).toMatchObject({ file: 'old.jsonl.gz', detected: 'gzip' });
    } finally {
      globalThis.DecompressionStream = saved;
      await ts.close();
    }
  });

  it('reads a file named .gz that is not compressed as it is', async () => {
    const ts = await fresh();
    const report = await ts.importFile(await openAsBlob(REAL_SPANS), { fileName: 'plain.json.gz' });
    expect(report.imported).toBeGreaterThan(0);
  });
});
