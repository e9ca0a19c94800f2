// `tracesift import FILE...`: streams trace files into the database and prints one report.
import { closeSync, openSync, readSync } from 'node:fs';
import type { EngineApi } from '../worker/src/engine_api.js';
import { TraceSiftError } from '../worker/src/errors.js';
import { isGzip } from '../worker/src/gzip.js';
import { IMPORT_FORMATS, type ImportFormat } from '../worker/src/generated/constants.js';
import type { ImportProgress, ImportReport } from '../worker/src/types.js';
import type { LeafCommand } from './command.js';
import { withDb } from './db.js';
import { fileError } from './files.js';
import { gunzipFile } from './gunzip.js';
import { writeJson } from './output.js';
import { parseChoice, parseCommandLine, stringOptions, UsageError } from './usage.js';

/** Bytes read from a file per chunk fed to the engine. */
const CHUNK_BYTES = 4 << 20;

/** What one file of an import left in the database, as an import error lists it. */
export interface CommittedFile {
  file: string;
  imported: number;
  updated: number;
  skipped: number;
  /** Rejected records (lines) so far. */
  errors: number;
  /** Why the file gave nothing, or where the import stopped. */
  failed?: { code: string; message: string };
}

/** The counts of `p` into `entry`. */
function count(entry: CommittedFile, p: Pick<ImportProgress, 'imported' | 'updated' | 'skipped' | 'errors'>): void {
  entry.imported = p.imported;
  entry.updated = p.updated;
  entry.skipped = p.skipped;
  entry.errors = p.errors;
}

/** The file open as `fd`, CHUNK_BYTES at a time (one buffer, reused: each chunk is fed before the next is read). */
function* fileChunks(fd: number, file: string): Generator<Uint8Array> {
  const buffer = new Uint8Array(CHUNK_BYTES);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
    } catch (e) {
      throw fileError(e, 'read', file);
    }
    if (n === 0) return;
    yield buffer.subarray(0, n);
  }
}

/** Whether the file open as `fd` starts with the gzip magic bytes (read without moving its position). */
function startsGzip(fd: number, file: string): boolean {
  const head = new Uint8Array(2);
  try {
    return readSync(fd, head, 0, 2, 0) === 2 && isGzip(head);
  } catch (e) {
    throw fileError(e, 'read', file);
  }
}

/**
 * Imports one file (a gzip-compressed one decompressed as it is read); `entry` follows the counts
 * as batches commit (so it holds what was committed when this throws).
 */
async function importOne(
  api: EngineApi,
  file: string,
  format: ImportFormat,
  entry: CommittedFile,
): Promise<ImportReport> {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw fileError(e, 'read', file);
  }
  try {
    const chunks = startsGzip(fd, file) ? gunzipFile(fd, file, CHUNK_BYTES) : fileChunks(fd, file);
    const handle = api.importBegin(file, format);
    try {
      for await (const chunk of chunks) count(entry, api.importChunk(handle, chunk));
      const report = api.importFinish(handle);
      count(entry, { ...report, errors: report.error_count });
      return report;
    } catch (e) {
      const error = TraceSiftError.from(e);
      // A failed batch says what the batches before it committed; a refused file, its rejections.
      if (error.details.progress) count(entry, error.details.progress);
      if (typeof error.details['error_count'] === 'number') entry.errors = error.details['error_count'];
      try {
        api.importCancel(handle);
      } catch {
        // the handle is already gone when the engine ended the import itself
      }
      throw error;
    }
  } finally {
    closeSync(fd);
  }
}

/** `tracesift import`. */
export const importCommand: LeafCommand = {
  synopsis: 'import FILE... --db PATH [--format FORMAT]',
  summary: 'import trace files',
  help: `usage: tracesift import FILE... --db PATH [--format ${IMPORT_FORMATS.join('|')}]

Streams each file into the database (created if missing) and prints one JSON report:
{"format", "read", "imported", "updated", "skipped", "errors": [{"file", "line", "message"}],
"error_count", "bytes", "cancelled", "captured"} ("bytes": of text read, decompressed).
Rejected lines are reported and skipped; every valid line is kept. Spans that arrive finished (or
finish) are offered to the capture rules (see 'tracesift rules --help'); "captured" counts the
datapoints they added.

A gzip-compressed file (traces.jsonl.gz; told by its first bytes, 1f 8b, whatever its name) is
decompressed as it is read and imported like the file it holds; files joined with cat (several
gzip members) are read one after another, as gunzip does. One that is corrupt or cut short stops
where it fails (code parse_error, details.detected "gzip" and details.offset, the compressed byte):
the batches of it read before stay, and the other files are still imported.

A file that gives nothing is refused (code parse_error): an empty file, a file compressed otherwise
(zip, zstd, bzip2, xz) or binary, a file in which no record is recognised or every record is
rejected (details.errors lists the first reasons). The other files are still imported, then the
command fails (exit code 1) with the first refusal, "committed" (per file: file, imported,
updated, skipped, errors, and "failed" for the files that gave nothing or stopped) and "report"
(the report of the files imported).
Any other failure (a file that cannot be read: not_found or io_error; the database) stops the
import there; the error lists what the files before it, and the batches of that file, committed.`,
  async run(args) {
    const { values, positionals } = parseCommandLine({
      args,
      allowPositionals: true,
      options: stringOptions('db', 'format'),
    });
    if (positionals.length === 0) throw new UsageError('import needs at least one FILE');
    const format = parseChoice(values.format, '--format', IMPORT_FORMATS) ?? 'auto';
    const total: ImportReport = {
      format: '',
      read: 0,
      imported: 0,
      updated: 0,
      skipped: 0,
      errors: [],
      error_count: 0,
      bytes: 0,
      cancelled: false,
      captured: 0,
    };
    const formats = new Set<string>();
    const committed: CommittedFile[] = [];
    const refused: TraceSiftError[] = [];
    /** The error of a failed import: its own code, message and details, and what was committed. */
    const failure = (error: TraceSiftError, extra: Record<string, unknown> = {}) =>
      new TraceSiftError(error.code, error.message, { ...error.details, ...extra, committed });
    await withDb(values.db, 'import', async (api) => {
      for (const file of positionals) {
        const entry: CommittedFile = { file, imported: 0, updated: 0, skipped: 0, errors: 0 };
        committed.push(entry);
        let r: ImportReport;
        try {
          r = await importOne(api, file, format, entry);
        } catch (e) {
          const error = TraceSiftError.from(e);
          entry.failed = { code: error.code, message: error.message };
          // A file refused as a whole committed nothing, and a gzip file that stopped decompressing
          // kept only its batches before: either way, go on with the others.
          if (error.code === 'parse_error') {
            refused.push(error);
            continue;
          }
          throw failure(error);
        }
        formats.add(r.format);
        total.read += r.read;
        total.imported += r.imported;
        total.updated += r.updated;
        total.skipped += r.skipped;
        total.errors.push(...r.errors);
        total.error_count += r.error_count;
        total.bytes += r.bytes;
        total.captured += r.captured;
      }
    });
    total.format = [...formats].join(',');
    if (refused.length > 0) {
      const first = refused[0]!;
      const more =
        refused.length > 1 ? ` (and ${refused.length - 1} more of the ${positionals.length} files gave nothing)` : '';
      throw failure(new TraceSiftError(first.code, first.message + more, first.details), { report: total });
    }
    await writeJson(total);
  },
};
