// `tracesift import` of gzip-compressed files: a real fixture gzipped gives exactly the spans of
// the plain file; members joined with cat read as one text; memory stays bounded whatever the
// decompressed size; a corrupt or truncated file is one parse_error naming the file and the
// compressed byte, its batches before the failure stay and the other files are still imported.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { badChecksum, cutShort, REAL_DOCUMENT, twoMembers } from './gzip_files.js';
import { CLI, cli, cliJson, cliOk, generateSpans, ROOT, spanLine, tempDir } from './helpers.js';

const PEAK_MEMORY = join(ROOT, 'tests/node/fixtures/peak_memory.mjs');

/** A number as the messages print it. */
const shown = (n: number) => n.toLocaleString('en-US');

/** Imports `file` into `db` with the CLI; resolves to its report and its peak resident memory in KiB. */
function importMeasured(file: string, db: string): Promise<{ report: Record<string, unknown>; peakKiB: number }> {
  const out = join(tempDir(), 'peak');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', PEAK_MEMORY, CLI, 'import', file, '--db', db],
      { encoding: 'utf8', env: { ...process.env, TRACESIFT_PEAK_MEMORY_FILE: out } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`import failed: ${stderr}`));
        else resolve({ report: JSON.parse(stdout), peakKiB: Number(readFileSync(out, 'utf8')) });
      },
    );
  });
}

describe('tracesift import of gzip files', () => {
  it('gives exactly the spans and report of the plain file', async () => {
    const dir = tempDir();
    const gz = join(dir, 'beeai.trace.json.gz');
    writeFileSync(gz, gzipSync(readFileSync(REAL_DOCUMENT)));
    const plain = await cliJson('import', REAL_DOCUMENT, '--db', join(dir, 'plain.db'));
    expect(plain.imported).toBeGreaterThan(0);
    const report = await cliJson('import', gz, '--db', join(dir, 'gz.db'));
    const renamed = (r: { errors: { file: string }[] }) => ({
      ...r,
      errors: r.errors.map((e) => ({ ...e, file: 'f' })),
    });
    expect(renamed(report)).toEqual(renamed(plain));
    const spans = (db: string) => cliOk('spans', '--db', join(dir, db), '--limit', '10000');
    expect(await spans('gz.db')).toBe(await spans('plain.db'));
  });

  it('reads members joined with cat as one text, in bounded memory whatever their decompressed size', async () => {
    const dir = tempDir();
    // One block of 4 MiB of span lines; the big file holds it 48 times (192 MiB of text), as members.
    const line = (i: number) => spanLine(`m${i}`, { attributes: { filler: 'x'.repeat(300) } });
    const lines: string[] = [];
    for (let size = 0, i = 0; size < 4 << 20; i++) {
      lines.push(line(i));
      size += lines.at(-1)!.length + 1;
    }
    const block = Buffer.from(lines.join('\n') + '\n');
    const member = twoMembers(block);
    const small = join(dir, 'block.jsonl.gz');
    writeFileSync(small, member);
    const big = join(dir, 'big.jsonl.gz');
    writeFileSync(big, Buffer.concat(Array.from({ length: 48 }, () => member)));
    const one = await importMeasured(small, join(dir, 'one.db'));
    expect(one.report).toMatchObject({ imported: lines.length, bytes: block.length, error_count: 0 });
    const many = await importMeasured(big, join(dir, 'many.db'));
    expect(many.report).toMatchObject({
      read: 48 * lines.length,
      imported: lines.length,
      skipped: 47 * lines.length,
      bytes: 48 * block.length,
      error_count: 0,
    });
    // 188 MiB more text than the small file, and not 64 MiB more memory at its peak.
    expect(many.peakKiB - one.peakKiB).toBeLessThan(64 << 10);
  });

  it('stops a truncated and a corrupt file with one parse_error each, keeping what they committed', async () => {
    const dir = tempDir();
    const db = join(dir, 'x.db');
    const whole = gzipSync(readFileSync(generateSpans(40_000, 17)));
    const keep = Math.floor(whole.length * 0.6);
    const cut = join(dir, 'cut.jsonl.gz');
    writeFileSync(cut, cutShort(whole, keep));
    const crc = join(dir, 'crc.json.gz');
    writeFileSync(crc, badChecksum(gzipSync(readFileSync(REAL_DOCUMENT))));
    const good = join(dir, 'good.jsonl');
    writeFileSync(good, spanLine('after') + '\n');
    const r = await cli('import', cut, crc, good, '--db', db);
    expect([r.status, r.stdout]).toEqual([1, '']);
    const e = JSON.parse(r.stderr).error;
    expect(e).toMatchObject({ code: 'parse_error', file: cut, detected: 'gzip', offset: keep });
    expect(e.message).toBe(
      `'${cut}' is not a valid gzip file: unexpected end of file at compressed byte ${shown(keep)} (and 1 more of the 3 files gave nothing)`,
    );
    const [first, second, third] = e.committed;
    expect(first.failed).toEqual({
      code: 'parse_error',
      message: `'${cut}' is not a valid gzip file: unexpected end of file at compressed byte ${shown(keep)}`,
    });
    expect(first.imported).toBeGreaterThan(0);
    expect(first.imported).toBeLessThan(40_000);
    expect(second).toMatchObject({ file: crc, imported: 0, failed: { code: 'parse_error' } });
    expect(second.failed.message).toMatch(new RegExp(`^'${crc}' is not a valid gzip file: incorrect data check `));
    expect(third).toMatchObject({ file: good, imported: 1 });
    expect(e.report).toMatchObject({ imported: 1 });
    // The batches the truncated file committed stay, with the good file's span.
    expect(await cliJson('count', '--db', db)).toEqual({ count: first.imported + 1 });
  });
});
