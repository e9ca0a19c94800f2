// `tracesift export`: writes a dataset to files in a format training and evaluation tools read,
// with the recipe beside the data. Pieces are written as the engine produces them.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ExportFormat } from '../worker/src/types.js';
import type { LeafCommand } from './command.js';
import { withDb } from './db.js';
import { writeJson } from './output.js';
import { parseChoice, parseCommandLine, required, stringOptions } from './usage.js';

const FORMATS: readonly ExportFormat[] = ['jsonl', 'openai-chat', 'hf', 'csv'];

/**
 * Where each of the engine's files goes: for hf, inside the --out folder by their own names; for
 * the single-file formats, the data to --out and the recipe to `<out>.recipe.json`.
 */
function targetOf(format: ExportFormat, out: string, file: string, index: number): string {
  if (format === 'hf') return join(out, file);
  return index === 0 ? out : `${out}.recipe.json`;
}

/** `tracesift export`. */
export const exportCommand: LeafCommand = {
  synopsis: 'export --db PATH --dataset NAME --format jsonl|openai-chat|hf|csv --out PATH',
  summary: 'write a dataset to files (with its recipe)',
  help: `usage: tracesift export --db PATH --dataset NAME --format jsonl|openai-chat|hf|csv --out PATH

Writes dataset NAME, streamed (never held whole in memory):
  jsonl        the datapoint records, to PATH
  openai-chat  the fine-tuning chat format {"messages": [...], "tools"?: [...]}, to PATH; rows
               that cannot be converted are listed with their reason in the recipe file
  csv          flattened columns, to PATH
  hf           a Hugging Face dataset folder PATH/: train.jsonl (a training dataset; its eval
               dataset as validation.jsonl) or test.jsonl (an eval dataset), README.md (the
               dataset card with the recipe), recipe.json
Every export writes the recipe beside the data (PATH.recipe.json, or PATH/recipe.json for hf).
Prints {"dataset", "format", "files", "rows", "rejected"}. See docs/EXPORT.md.`,
  async run(args) {
    const { values } = parseCommandLine({ args, options: stringOptions('db', 'dataset', 'format', 'out') });
    const dataset = required(values.dataset, '--dataset');
    const format = parseChoice(required(values.format, '--format'), '--format', FORMATS)!;
    const out = required(values.out, '--out');
    await withDb(values.db, 'export', async (api) => {
      const { handle, files } = api.exportBegin(dataset, format);
      const targets = files.map((f, i) => targetOf(format, out, f, i));
      const fds = new Map<string, number>();
      let rows = 0;
      let rejected = 0;
      try {
        for (;;) {
          const piece = api.exportNext(handle);
          rows = piece.rows;
          rejected = piece.rejected;
          if (piece.done) break; // the closing piece carries no file
          const target = targets[files.indexOf(piece.file)]!;
          let fd = fds.get(target);
          if (fd === undefined) {
            mkdirSync(dirname(target), { recursive: true });
            fd = openSync(target, 'w');
            fds.set(target, fd);
          }
          for (let at = 0; at < piece.bytes.length;) at += writeSync(fd, piece.bytes, at);
          rows = piece.rows;
          rejected = piece.rejected;
          if (piece.done) break;
        }
      } catch (e) {
        api.exportClose(handle);
        throw e;
      } finally {
        for (const fd of fds.values()) closeSync(fd);
      }
      await writeJson({ dataset, format, files: targets, rows, rejected });
    });
  },
};
