// `tracesift import FILE...`: streams trace files into the database and prints one report.
import { closeSync, openSync, readSync } from 'node:fs';
import type { EngineApi } from '../worker/src/engine_api.js';
import { TraceSiftError } from '../worker/src/errors.js';
import { IMPORT_FORMATS, type ImportFormat } from '../worker/src/generated/constants.js';
import type { ImportReport } from '../worker/src/types.js';
import type { LeafCommand } from './command.js';
import { withDb } from './db.js';
import { writeJson } from './output.js';
import { parseChoice, parseCommandLine, stringOptions, UsageError } from './usage.js';

/** Bytes read from a file per chunk fed to the engine. */
const CHUNK_BYTES = 4 << 20;

function importOne(api: EngineApi, file: string, format: ImportFormat): ImportReport {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new TraceSiftError('not_found', `cannot read '${file}': ${(e as Error).message}`, { file });
  }
  const handle = api.importBegin(file, format);
  const buffer = new Uint8Array(CHUNK_BYTES);
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      api.importChunk(handle, buffer.subarray(0, n));
    }
    return api.importFinish(handle);
  } catch (e) {
    try {
      api.importCancel(handle);
    } catch {
      // the handle is already gone when a batch failed inside the engine
    }
    throw e;
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
"error_count", "bytes", "cancelled", "captured"}.
Rejected lines are reported and skipped; every valid line is kept. Spans that arrive finished (or
finish) are offered to the capture rules (see 'tracesift rules --help'); "captured" counts the
datapoints they added.`,
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
    await withDb(values.db, 'import', async (api) => {
      for (const file of positionals) {
        const r = importOne(api, file, format);
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
    await writeJson(total);
  },
};
