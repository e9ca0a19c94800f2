// `tracesift export`: writes a dataset to files in a format training and evaluation tools read,
// with the recipe beside the data. Pieces are written as the engine produces them, to temporary
// files beside the targets that are renamed into place once the whole export is written.
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { TraceSiftError } from '../worker/src/errors.js';
import type { CsvFormulas, ExportFormat } from '../worker/src/types.js';
import type { LeafCommand } from './command.js';
import { withDb } from './db.js';
import { fileError, osCode } from './files.js';
import { writeJson } from './output.js';
import { parseChoice, parseCommandLine, required, stringOptions, UsageError } from './usage.js';

const FORMATS: readonly ExportFormat[] = ['jsonl', 'openai-chat', 'hf', 'csv'];
const CSV_FORMULAS: readonly CsvFormulas[] = ['escape', 'raw'];
/** Files of the database that an export must never replace: the file and SQLite's and tracesift's companions. */
const DB_COMPANIONS = ['', '-journal', '-wal', '-shm', '-lock'];
/** The split files an hf export may write; with --force, those the new export does not write are removed. */
const HF_SPLITS = ['train.jsonl', 'validation.jsonl', 'test.jsonl'];

/**
 * Where each of the engine's files goes: for hf, inside the --out folder by their own names; for
 * the single-file formats, the data to --out and the recipe to `<out>.recipe.json`.
 */
function targetOf(format: ExportFormat, out: string, file: string, index: number): string {
  if (format === 'hf') return join(out, file);
  return index === 0 ? out : `${out}.recipe.json`;
}

/** The real path of `path`, or of its nearest existing ancestor joined with the rest. */
function canonical(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(canonical(parent), basename(abs));
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** Refuses to write over the database or its companions (by real path, or the same file by another name). */
function checkNotDatabase(db: string, targets: string[]): void {
  const dbReal = canonical(db);
  const protectedPaths = DB_COMPANIONS.map((suffix) => dbReal + suffix);
  const protectedFiles = protectedPaths.map(statOrNull).filter((s): s is Stats => s !== null);
  for (const target of targets) {
    const real = canonical(target);
    const st = statOrNull(target);
    const same =
      protectedPaths.includes(real) ||
      (st !== null && protectedFiles.some((p) => p.dev === st.dev && p.ino === st.ino));
    if (same) {
      throw new UsageError(`--out would replace the database '${db}' (or a file of it): '${target}'`, {
        field: '--out',
        file: target,
      });
    }
  }
}

/** Refuses to replace what is at the targets unless `force`; a folder where a file goes (or the reverse) always. */
function checkTargets(format: ExportFormat, out: string, targets: string[], force: boolean): void {
  const outStat = statOrNull(out);
  if (format === 'hf') {
    if (outStat && !outStat.isDirectory()) {
      throw new TraceSiftError('io_error', `cannot write the hf folder '${out}': a file of that name exists`, {
        file: out,
        os_code: 'ENOTDIR',
        field: '--out',
      });
    }
    let entries: string[] = [];
    try {
      entries = outStat ? readdirSync(out) : [];
    } catch (e) {
      throw fileError(e, 'read', out);
    }
    if (!force && entries.length > 0) {
      throw new TraceSiftError(
        'conflict',
        `the folder '${out}' is not empty; pass --force to write the export into it`,
        {
          file: out,
          field: '--out',
        },
      );
    }
    return;
  }
  for (const target of targets) {
    const st = statOrNull(target);
    if (st?.isDirectory()) {
      throw new TraceSiftError('io_error', `cannot write '${target}': it is a folder`, {
        file: target,
        os_code: 'EISDIR',
        field: '--out',
      });
    }
    if (st && !force) {
      throw new TraceSiftError('conflict', `'${target}' exists; pass --force to replace it`, {
        file: target,
        field: '--out',
      });
    }
  }
}

/** A unique hidden name beside `path` for a temporary file or folder. */
function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.tracesift-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * The files of one export, written under temporary names and renamed into place by commit(), so
 * a target holds a whole export or what it held before. An hf folder that does not exist yet is
 * written as a temporary folder renamed whole.
 */
class StagedExport {
  private readonly open = new Map<string, { temp: string; fd: number }>();
  /** The temporary folder of a new hf folder, or null. */
  private readonly folder: string | null;

  constructor(
    private readonly format: ExportFormat,
    private readonly out: string,
    private readonly targets: string[],
  ) {
    try {
      mkdirSync(dirname(resolve(out)), { recursive: true });
      if (format === 'hf' && statOrNull(out) === null) {
        this.folder = temporaryBeside(out);
        mkdirSync(this.folder);
      } else {
        this.folder = null;
      }
    } catch (e) {
      throw fileError(e, 'write', out);
    }
  }

  /** Appends bytes to the file going to `target`. */
  write(target: string, bytes: Uint8Array): void {
    try {
      let file = this.open.get(target);
      if (!file) {
        const temp = this.folder ? join(this.folder, basename(target)) : temporaryBeside(target);
        file = { temp, fd: openSync(temp, 'wx') };
        this.open.set(target, file);
      }
      for (let at = 0; at < bytes.length;) at += writeSync(file.fd, bytes, at);
    } catch (e) {
      throw fileError(e, 'write', target);
    }
  }

  /** Puts every file in place: flushed to disk, then renamed (data first, the recipe last). */
  commit(): void {
    // A file the engine wrote no bytes to (an empty split) still exists.
    for (const target of this.targets) this.write(target, new Uint8Array(0));
    for (const [target, file] of this.open) {
      try {
        fsyncSync(file.fd);
        closeSync(file.fd);
        file.fd = -1;
      } catch (e) {
        throw fileError(e, 'write', target);
      }
    }
    if (this.folder) {
      try {
        renameSync(this.folder, this.out);
      } catch (e) {
        throw fileError(e, 'write', this.out);
      }
      this.syncFolder(dirname(resolve(this.out)));
      return;
    }
    for (const [target, file] of this.open) {
      try {
        renameSync(file.temp, target);
      } catch (e) {
        throw fileError(e, 'write', target);
      }
    }
    this.open.clear();
    if (this.format === 'hf') {
      // --force over an earlier export: a split this export does not have must not stay beside it.
      const written = new Set(this.targets.map((t) => basename(t)));
      for (const split of HF_SPLITS) {
        if (written.has(split)) continue;
        try {
          unlinkSync(join(this.out, split));
        } catch (e) {
          if (osCode(e) !== 'ENOENT') throw fileError(e, 'write', join(this.out, split));
        }
      }
    }
    this.syncFolder(this.format === 'hf' ? this.out : dirname(resolve(this.out)));
  }

  /** Removes every temporary file (and folder); what was at the targets stays as it was. */
  abort(): void {
    for (const file of this.open.values()) {
      try {
        if (file.fd >= 0) closeSync(file.fd);
      } catch {
        // closing is best effort: the file is removed next
      }
      rmSync(file.temp, { force: true });
    }
    this.open.clear();
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
  }

  /** Makes the renames durable (best effort: not every file system can sync a folder). */
  private syncFolder(folder: string): void {
    try {
      const fd = openSync(folder, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      // the export is in place; only its durability across a power loss is the system's
    }
  }
}

/** `tracesift export`. */
export const exportCommand: LeafCommand = {
  synopsis: 'export --db PATH --dataset NAME --format jsonl|openai-chat|hf|csv --out PATH [--force]',
  summary: 'write a dataset to files (with its recipe)',
  help: `usage: tracesift export --db PATH --dataset NAME --format jsonl|openai-chat|hf|csv --out PATH
                       [--force] [--csv-formulas escape|raw]

Writes dataset NAME, streamed (never held whole in memory):
  jsonl        the datapoint records, to PATH
  openai-chat  the fine-tuning chat format {"messages", "tools"?, "parallel_tool_calls"?}, to
               PATH; rows that cannot be converted are listed with their reason in the recipe
               file
  csv          flattened columns, to PATH; a text cell that starts like a spreadsheet formula
               (= + - @, a tab or a CR) gets a ' in front unless --csv-formulas raw
  hf           a Hugging Face dataset folder PATH/: train.jsonl (a training dataset; its eval
               dataset as validation.jsonl) or test.jsonl (an eval dataset), README.md (the
               dataset card with the recipe), recipe.json
Every export writes the recipe beside the data (PATH.recipe.json, or PATH/recipe.json for hf).
Each file is written under a temporary name beside its target and renamed into place once the
whole export is written: a failure (a full disk: code io_error) or a kill never leaves part of an
export at PATH, and a failure keeps what was there before.
An existing PATH (or PATH.recipe.json), or a non-empty hf folder, is refused (code conflict)
unless --force: then the export replaces those files (and, for hf, removes a split file of an
earlier export that this one does not write). The database itself is never a target.
Prints {"dataset", "format", "files", "rows", "rejected", "reasoning_dropped",
"tool_calls_without_tools"}: openai-chat and hf leave reasoning parts out of the rows (the format
has no place for them) and export rows with tool calls whose span recorded no tool definitions;
both are counted here and listed in the recipe file. See docs/EXPORT.md.`,
  async run(args) {
    const { values } = parseCommandLine({
      args,
      options: { ...stringOptions('db', 'dataset', 'format', 'out', 'csv-formulas'), force: { type: 'boolean' } },
    });
    const dataset = required(values.dataset, '--dataset');
    const format = parseChoice(required(values.format, '--format'), '--format', FORMATS)!;
    const out = required(values.out, '--out');
    const csvFormulas = parseChoice(values['csv-formulas'], '--csv-formulas', CSV_FORMULAS);
    if (csvFormulas !== undefined && format !== 'csv') {
      throw new UsageError('--csv-formulas applies to --format csv only', { field: '--csv-formulas' });
    }
    const force = values.force === true;
    if (!values.db) throw new UsageError('export needs --db PATH', { field: '--db' });
    // Refused before the database is opened: the targets are known (data then recipe, or the hf
    // folder's files).
    const hfFiles = ['README.md', 'recipe.json', ...HF_SPLITS].map((f) => join(out, f));
    const expected = format === 'hf' ? [out, ...hfFiles] : [out, `${out}.recipe.json`];
    checkNotDatabase(values.db, expected);
    checkTargets(format, out, expected, force);
    await withDb(values.db, 'export', async (api) => {
      const { handle, files } = api.exportBegin(dataset, format, csvFormulas ? { csvFormulas } : {});
      const targets = files.map((f, i) => targetOf(format, out, f, i));
      let rows = 0;
      let rejected = 0;
      let reasoningDropped = 0;
      let toolCallsWithoutTools = 0;
      let staged: StagedExport | null = null;
      try {
        checkNotDatabase(values.db!, targets);
        staged = new StagedExport(format, out, targets);
        for (;;) {
          const piece = api.exportNext(handle);
          rows = piece.rows;
          rejected = piece.rejected;
          reasoningDropped = piece.reasoningDropped;
          toolCallsWithoutTools = piece.toolCallsWithoutTools;
          if (piece.done) break; // the closing piece carries no file
          staged.write(targets[files.indexOf(piece.file)]!, piece.bytes);
        }
        staged.commit();
      } catch (e) {
        staged?.abort();
        api.exportClose(handle);
        throw e;
      }
      await writeJson({
        dataset,
        format,
        files: targets,
        rows,
        rejected,
        reasoning_dropped: reasoningDropped,
        tool_calls_without_tools: toolCallsWithoutTools,
      });
    });
  },
};
