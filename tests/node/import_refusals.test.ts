// Files that give nothing are refused as a whole, the same through EngineApi and the client
// (the engine decides); importFile takes a Blob or bytes and refuses anything else with a
// TraceSiftError; errors under node never name the module's /host mount.
import { openAsBlob, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as nodeEntry from '../../dist/web/src/node.js';
import { rejection, spanLine, tempDir } from './helpers.js';
import { openInProcess } from './in_process_worker.js';
import { SURFACES, type Surface } from './surfaces.js';

describe.each(SURFACES)('files that give nothing: $name', (kind) => {
  let api: Surface;
  beforeEach(async () => {
    api = await kind.open();
  });
  afterEach(async () => {
    await api.close();
  });

  it('refuses a text file with the first reasons in the details', async () => {
    const e = await rejection(api.importText('Dear diary,\nno traces today.\n'));
    expect(e.code).toBe('parse_error');
    expect(e.message).toContain("no record of 'mem.jsonl' is a recognised trace record (2 records read, 2 rejected)");
    expect(e.details).toMatchObject({ file: 'mem.jsonl', format: 'unknown', read: 2, error_count: 2 });
    expect(e.details.errors!.map((x) => [x.line, x.code])).toEqual([
      [1, 'invalid_json'],
      [2, 'invalid_json'],
    ]);
    expect(await api.count()).toBe(0);
  });

  it('refuses a truncated JSON document, an empty file and a file of rejected records', async () => {
    const doc = JSON.stringify([JSON.parse(spanLine('d1')), JSON.parse(spanLine('d2'))], null, 2);
    const truncated = await rejection(api.importText(doc.slice(0, doc.length / 2)));
    expect(truncated.code).toBe('parse_error');
    expect(truncated.message).toContain('starts like one JSON document but does not parse');
    const empty = await rejection(api.importText(''));
    expect([empty.code, empty.message]).toEqual(['parse_error', "'mem.jsonl' is empty: there is nothing to import"]);
    const rejected = await rejection(api.importText(spanLine('x', { cost_usd: 'free' }) + '\n'));
    expect(rejected.message).toContain("every record of 'mem.jsonl' was rejected");
    expect(rejected.details.errors![0]).toMatchObject({ line: 1, code: 'invalid_field', field: 'cost_usd' });
    // The same records with one good one import, reported line by line.
    const report = await api.importText(spanLine('x', { cost_usd: 'free' }) + '\n' + spanLine('ok') + '\n');
    expect(report).toMatchObject({ imported: 1, error_count: 1 });
  });

  it('refuses a zstd-compressed file and a binary file in one error each', async () => {
    const dir = tempDir();
    // (gzip is decompressed by the client: tests/node/gzip_import.test.ts)
    const zst = join(dir, 'traces.jsonl.zst');
    writeFileSync(
      zst,
      Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x05, 0x29, 0x00, 0x00, 0x68, 0x65, 0x6c, 0x6c, 0x6f]),
    );
    const zstd = await rejection(api.importFile(zst));
    expect(zstd.code).toBe('parse_error');
    expect(zstd.message).toContain('is a zstd-compressed file: compressed files are not supported yet');
    expect(zstd.details).toMatchObject({ detected: 'zstd' });
    const bin = join(dir, 'image.bin');
    writeFileSync(bin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]));
    const binary = await rejection(api.importFile(bin));
    expect(binary.message).toContain('is not a text file: it holds a NUL byte at byte 8');
    expect(binary.details).toMatchObject({ detected: 'binary', offset: 8 });
    expect(binary.details.errors).toBeUndefined();
    expect(await api.count()).toBe(0);
  });
});

describe('importFile arguments (client)', () => {
  it('takes bytes: a Buffer, a Uint8Array, an ArrayBuffer', async () => {
    const { ts } = await openInProcess();
    const dir = tempDir();
    const file = join(dir, 'traces.jsonl');
    writeFileSync(file, [spanLine('a'), spanLine('b')].join('\n') + '\n');
    const buffer = readFileSync(file);
    expect(await ts.importFile(buffer)).toMatchObject({ format: 'native', imported: 2, bytes: buffer.length });
    const bytes = new TextEncoder().encode(spanLine('c') + '\n');
    expect(await ts.importFile(bytes, { fileName: 'c.jsonl' })).toMatchObject({ imported: 1 });
    const copy = new TextEncoder().encode(spanLine('d') + '\n');
    expect(await ts.importFile(copy.buffer)).toMatchObject({ imported: 1 });
    expect(await ts.importFile(await openAsBlob(file))).toMatchObject({ skipped: 2 });
    expect(await ts.count()).toBe(4);
    // Rejected lines of bytes are reported under the name given, or "input".
    const report = await ts.importFile(new TextEncoder().encode(`${spanLine('e')}\n{oops\n`));
    expect(report.errors[0]).toMatchObject({ file: 'input', line: 2 });
    await ts.close();
  });

  it('refuses a path with a hint, and anything else, with invalid_argument', async () => {
    const { ts } = await openInProcess();
    const path = await rejection(ts.importFile('/data/traces.jsonl' as unknown as Blob));
    expect(path.code).toBe('invalid_argument');
    expect(path.message).toBe(
      'importFile takes a Blob or bytes, not a path: read it with `await fs.openAsBlob("/data/traces.jsonl")` (node:fs) and pass the Blob',
    );
    expect(path.details.field).toBe('file');
    for (const [value, what] of [
      [undefined, 'undefined'],
      [null, 'null'],
      [42, 'number'],
      [{ size: 3 }, 'object'],
      [['a'], 'an array'],
    ] as const) {
      const e = await rejection(ts.importFile(value as unknown as Blob));
      expect([e.code, e.message.endsWith(`not ${what}`)]).toEqual(['invalid_argument', true]);
    }
    const options = await rejection(ts.importFile(new Blob([spanLine('z')]), null as unknown as undefined));
    expect([options.code, options.details.field]).toEqual(['invalid_argument', 'options']);
    expect(await ts.count()).toBe(0);
    await ts.close();
  });

  it('refuses a file that gives nothing through the node entry too, and never names /host', async () => {
    const dir = tempDir();
    const ts = await nodeEntry.open({ path: join(dir, 'x.db') });
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a trace\n');
    const e = await rejection(ts.importFile(await openAsBlob(text), { fileName: text }));
    expect(e.code).toBe('parse_error');
    expect(e.details.file).toBe(text);
    const path = await rejection(ts.importFile(text as unknown as Blob));
    expect(path.message).toContain(`fs.openAsBlob(${JSON.stringify(text)})`);
    await ts.close();
    // A database that cannot be opened: the message names the host's path, not the module's.
    const bad = await rejection(nodeEntry.open({ path: join(dir, 'no-such-folder', 'x.db') }));
    expect(bad.message).toContain(join(dir, 'no-such-folder', 'x.db'));
    expect(JSON.stringify({ message: bad.message, details: bad.details })).not.toContain('/host');
  });
});
