// `tracesift datasets ...`: creating and listing datasets and reading their datapoints.
import { MAX_PAGE_SIZE } from '../worker/src/engine_api.js';
import { groupHelp, type GroupCommand, type LeafCommand } from './command.js';
import { withDb } from './db.js';
import { lineCount, write, writeJson, writeJsonl } from './output.js';
import { parseCommandLine, parseCount, required, stringOptions, UsageError } from './usage.js';

/** Dataset types SPEC.md names that this version cannot create yet. */
const LATER_TYPES = ['eval', 'training'];

const create: LeafCommand = {
  synopsis: 'create --db PATH --type collection --name NAME',
  summary: 'create an empty collection',
  help: `usage: tracesift datasets create --db PATH --type collection --name NAME

Creates an empty collection (a dataset of captured and hand-picked datapoints; capture rules fill
it) and prints {"dataset", "type", "rows", "rules", "created_at"}. Dataset names are unique.
Types eval and training (built from a filtered slice of spans) are not available yet.`,
  async run(args) {
    const { values } = parseCommandLine({
      args,
      // The options of eval and training datasets (SPEC.md) are known, to be refused by name.
      options: stringOptions('db', 'type', 'name', 'filter', 'query', 'exclude', 'limit', 'seed'),
    });
    const type = required(values.type, '--type');
    if (LATER_TYPES.includes(type)) {
      throw new UsageError(`--type ${type} is not available yet; only --type collection can be created`, {
        field: '--type',
      });
    }
    if (type !== 'collection') {
      throw new UsageError(`--type must be collection (eval and training are to come); got '${type}'`, {
        field: '--type',
      });
    }
    for (const option of ['filter', 'query', 'exclude', 'limit', 'seed'] as const) {
      if (values[option] !== undefined) {
        throw new UsageError(`--${option} applies to eval and training datasets, not to a collection`, {
          field: `--${option}`,
        });
      }
    }
    const name = required(values.name, '--name');
    await withDb(values.db, 'datasets create', async (api) => writeJson(api.createDataset({ name, type })));
  },
};

const list: LeafCommand = {
  synopsis: 'list --db PATH',
  summary: 'print every dataset as JSONL',
  help: `usage: tracesift datasets list --db PATH

Prints every dataset as JSONL: {"dataset", "type", "rows", "rules", "created_at"} a line.`,
  async run(args) {
    const { values } = parseCommandLine({ args, options: stringOptions('db') });
    await withDb(values.db, 'datasets list', async (api) => writeJsonl(api.listDatasets()));
  },
};

const rows: LeafCommand = {
  synopsis: 'rows NAME --db PATH [--limit N] [--offset N]',
  summary: "print a dataset's datapoints as JSONL",
  help: `usage: tracesift datasets rows NAME --db PATH [--limit N] [--offset N]

Prints the datapoints of dataset NAME as JSONL, oldest first, all of them unless --limit is given:
{"id", "dataset", "span_id", "source", "source_span_id", "rule_id", "input", "output", "created_at"}.`,
  async run(args) {
    const { values, positionals } = parseCommandLine({
      args,
      allowPositionals: true,
      options: stringOptions('db', 'limit', 'offset'),
    });
    if (positionals.length !== 1) {
      throw new UsageError(`datasets rows needs one dataset NAME, got ${positionals.length}`, { field: 'NAME' });
    }
    const name = positionals[0]!;
    const limit = parseCount(values.limit, '--limit');
    let offset = parseCount(values.offset, '--offset') ?? 0;
    await withDb(values.db, 'datasets rows', async (api) => {
      let remaining = limit ?? Number.POSITIVE_INFINITY;
      // Design note: unlike spans, datapoints only grow at the end (oldest first), so offset
      // paging is stable while the CLI reads.
      while (remaining > 0) {
        const page = Math.min(MAX_PAGE_SIZE, remaining);
        const bytes = api.datasetRowsBytes(name, { limit: page, offset });
        const lines = lineCount(bytes);
        if (lines > 0) await write(bytes);
        if (lines < page) break;
        offset += lines;
        remaining -= lines;
      }
    });
  },
};

const subcommands = { create, list, rows };

/** `tracesift datasets`. */
export const datasetsCommand: GroupCommand = {
  synopsis: 'datasets create|list|rows ...',
  summary: 'datasets and their datapoints',
  help: groupHelp(
    `usage: tracesift datasets <command> --db PATH [options]

Datasets hold datapoints. A collection holds captured and hand-picked datapoints; capture rules
(see 'tracesift rules --help') fill it.`,
    subcommands,
    "Run 'tracesift datasets <command> --help' for a command's options.",
  ),
  subcommands,
};
