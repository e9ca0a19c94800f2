// `tracesift datasets ...`: creating and listing datasets and reading their datapoints.
import { MAX_PAGE_SIZE, type ListingBytes } from '../worker/src/engine_api.js';
import { groupHelp, type GroupCommand, type LeafCommand } from './command.js';
import { withDb } from './db.js';
import { lineCount, write, writeJson, writeJsonl } from './output.js';
import type { DatasetRequest, LeakageChecks } from '../worker/src/types.js';
import {
  FILTER_HELP,
  optionalFilter,
  parseChoice,
  parseCommandLine,
  parseCount,
  parseInteger,
  parseNumber,
  required,
  stringOptions,
  UsageError,
} from './usage.js';

const LEAKAGE_CHECKS = ['same_span', 'same_input', 'same_group', 'near_duplicate'] as const;

const create: LeafCommand = {
  synopsis:
    'create --db PATH --type eval|training|collection --name NAME [--filter JSON|--query TEXT] [--exclude EVAL] [--limit N] [--seed S] [--no-CHECK...] [--jaccard J] [--dry-run]',
  summary: 'save an eval or training dataset from a filter, or create an empty collection',
  help: `usage: tracesift datasets create --db PATH --type eval|training --name NAME
                                [--filter JSON | --query TEXT] [--exclude EVAL_NAME] [--limit N] [--seed S]
                                [--no-same-span] [--no-same-input] [--no-same-group]
                                [--no-near-duplicate] [--jaccard J] [--dry-run]
       tracesift datasets create --db PATH --type collection --name NAME

eval and training datasets are snapshots of the completed spans matching the filter, ranked by a
seeded hash of the span id and capped (eval 10,000 rows, training 1,000,000, or --limit). A
training dataset names the eval dataset to --exclude: spans sharing its span ids, normalised
inputs, traces or sessions, or with near-duplicate inputs (MinHash, Jaccard >= --jaccard, default
0.8) are left out and counted; --no-CHECK turns a check off. Overlap above 25% warns; 100% fails
and saves nothing. Prints {"name", "type", "rows", "candidates", "excluded": {...},
"overlap_ratio", "warnings", "recipe"} (docs/DATASETS.md).
--dry-run prints the same report without saving anything (the same checks and errors: a taken
name, 100% overlap), e.g. to see the overlap with the eval dataset before saving.
A collection is created empty, to receive captures and hand-picked spans.
${FILTER_HELP}`,
  async run(args) {
    const { values } = parseCommandLine({
      args,
      options: {
        ...stringOptions('db', 'type', 'name', 'filter', 'query', 'exclude', 'limit', 'seed', 'jaccard'),
        'no-same-span': { type: 'boolean' },
        'no-same-input': { type: 'boolean' },
        'no-same-group': { type: 'boolean' },
        'no-near-duplicate': { type: 'boolean' },
        'dry-run': { type: 'boolean' },
      },
    });
    const type = parseChoice(required(values.type, '--type'), '--type', ['eval', 'training', 'collection'])!;
    const name = required(values.name, '--name');
    if (type === 'collection') {
      for (const option of ['filter', 'query', 'exclude', 'limit', 'seed', 'jaccard', 'dry-run'] as const) {
        if (values[option] !== undefined) {
          throw new UsageError(`--${option} applies to eval and training datasets, not to a collection`, {
            field: `--${option}`,
          });
        }
      }
      await withDb(values.db, 'datasets create', async (api) => writeJson(api.createDataset({ name, type })));
      return;
    }
    const leakage: LeakageChecks = {};
    for (const check of LEAKAGE_CHECKS) {
      if (values[`no-${check.replace(/_/g, '-')}` as 'no-same-span']) leakage[check] = false;
    }
    const jaccard = parseNumber(values.jaccard, '--jaccard');
    if (jaccard !== undefined) leakage.jaccard = jaccard;
    const limit = parseCount(values.limit, '--limit');
    const seed = parseInteger(values.seed, '--seed');
    const filter = optionalFilter(values.filter, values.query, '--filter');
    const request: DatasetRequest = {
      name,
      type,
      ...(filter === undefined ? {} : { filter }),
      ...(values.exclude === undefined ? {} : { exclude: values.exclude }),
      ...(limit === undefined ? {} : { limit }),
      ...(seed === undefined ? {} : { seed }),
      ...(Object.keys(leakage).length ? { leakage } : {}),
    };
    const dryRun = values['dry-run'] === true;
    await withDb(values.db, 'datasets create', async (api) =>
      writeJson(dryRun ? api.previewDataset(request) : api.saveDataset(request)),
    );
  },
};

const show: LeafCommand = {
  synopsis: 'show NAME --db PATH',
  summary: 'print a dataset with its recipe',
  help: `usage: tracesift datasets show NAME --db PATH

Prints {"name", "type", "rows", "rules", "created_at", "recipe"}; the recipe (null for a
collection) records the filter, type, seed, caps, exclusions, leakage settings, counts, engine
version and a hash of the rows.`,
  async run(args) {
    const { values, name } = oneName(args, 'datasets show');
    await withDb(values.db, 'datasets show', async (api) => writeJson(api.showDataset(name)));
  },
};

const rename: LeafCommand = {
  synopsis: 'rename NAME NEW_NAME --db PATH',
  summary: 'rename a dataset',
  help: `usage: tracesift datasets rename NAME NEW_NAME --db PATH

Renames dataset NAME (rows, recipe and rules stay) and prints it.`,
  async run(args) {
    const { values, positionals } = parseCommandLine({ args, allowPositionals: true, options: stringOptions('db') });
    if (positionals.length !== 2) {
      throw new UsageError(`datasets rename needs NAME and NEW_NAME, got ${positionals.length} names`, {
        field: 'NAME',
      });
    }
    await withDb(values.db, 'datasets rename', async (api) =>
      writeJson(api.renameDataset(positionals[0]!, positionals[1]!)),
    );
  },
};

const remove: LeafCommand = {
  synopsis: 'delete NAME --db PATH',
  summary: 'delete a dataset with its datapoints and rules',
  help: `usage: tracesift datasets delete NAME --db PATH

Deletes dataset NAME, its datapoints and its capture rules; prints {"deleted", "removed", "kept"}
(its datapoints removed, 0 kept).`,
  async run(args) {
    const { values, name } = oneName(args, 'datasets delete');
    await withDb(values.db, 'datasets delete', async (api) => writeJson(api.deleteDataset(name)));
  },
};

const add: LeafCommand = {
  synopsis: 'add NAME SPAN_ID... --db PATH',
  summary: 'add stored spans to a collection by hand',
  help: `usage: tracesift datasets add NAME SPAN_ID... --db PATH

Copies the stored spans with these ids into collection NAME (source "manual"); a span already
picked is not added twice. Prints {"added"}.`,
  async run(args) {
    const { values, positionals } = parseCommandLine({ args, allowPositionals: true, options: stringOptions('db') });
    if (positionals.length < 2) {
      throw new UsageError('datasets add needs a dataset NAME and at least one SPAN_ID', { field: 'SPAN_ID' });
    }
    await withDb(values.db, 'datasets add', async (api) =>
      writeJson(api.addDatapoints(positionals[0]!, positionals.slice(1))),
    );
  },
};

/** Parses `NAME --db PATH`. */
function oneName(args: string[], command: string) {
  const { values, positionals } = parseCommandLine({ args, allowPositionals: true, options: stringOptions('db') });
  if (positionals.length !== 1) {
    throw new UsageError(`${command} needs one dataset NAME, got ${positionals.length}`, { field: 'NAME' });
  }
  return { values, name: positionals[0]! };
}

const list: LeafCommand = {
  synopsis: 'list --db PATH',
  summary: 'print every dataset as JSONL',
  help: `usage: tracesift datasets list --db PATH

Prints every dataset as JSONL: {"name", "type", "rows", "rules", "created_at"} a line.`,
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
    const offset = parseCount(values.offset, '--offset') ?? 0;
    await withDb(values.db, 'datasets rows', async (api) => {
      let remaining = limit ?? Number.POSITIVE_INFINITY;
      // Design note: each page continues from the last one's cursor (an id), so reading a
      // million-row dataset costs one index seek a page rather than an ever longer OFFSET scan.
      let cursor: string | null = null;
      while (remaining > 0) {
        const size = Math.min(MAX_PAGE_SIZE, remaining);
        const page: ListingBytes = api.listDatapointsBytes(
          name,
          cursor === null ? { limit: size, offset } : { limit: size, cursor },
        );
        const lines = lineCount(page.bytes);
        if (lines > 0) await write(page.bytes);
        remaining -= lines;
        if (page.nextCursor === null) break;
        cursor = page.nextCursor;
      }
    });
  },
};

const subcommands = { create, list, show, rows, rename, delete: remove, add };

/** `tracesift datasets`. */
export const datasetsCommand: GroupCommand = {
  synopsis: 'datasets create|list|show|rows|rename|delete|add ...',
  summary: 'datasets and their datapoints',
  help: groupHelp(
    `usage: tracesift datasets <command> --db PATH [options]

Datasets hold datapoints. eval and training datasets are snapshots saved from a filter, training
ones with the rows of an eval dataset excluded (leakage); a collection holds captured and
hand-picked datapoints (capture rules, 'tracesift rules --help', fill it).`,
    subcommands,
    "Run 'tracesift datasets <command> --help' for a command's options.",
  ),
  subcommands,
};
