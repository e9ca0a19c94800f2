// `tracesift rules ...`: capture rules, which copy matching spans into a dataset as they complete.
import type { RulePatch } from '../worker/src/types.js';
import { groupHelp, type GroupCommand, type LeafCommand } from './command.js';
import { withDb } from './db.js';
import { writeJson, writeJsonl } from './output.js';
import {
  optionalFilter,
  parseCommandLine,
  parseCount,
  parseInteger,
  parseNumber,
  required,
  stringOptions,
  UsageError,
} from './usage.js';

const RULE_FILTER_HELP = `--filter takes the filter object of docs/CONTRACT.md, e.g. '{"provider":"anthropic","min_cost":0.05}';
--query the same filter as query text, e.g. 'model:gpt-4o cost>0.01 -status:failed'.`;

const RULE_JSON = `A rule prints as {"id", "dataset", "name", "filter", "sample_rate", "seed", "created_at",
"captured"}.`;

function ruleId(text: string | undefined): number {
  return parseCount(required(text, '--id'), '--id')!;
}

const add: LeafCommand = {
  synopsis: 'add --db PATH --dataset NAME --name NAME --filter JSON|--query TEXT --sample-rate R [--seed S]',
  summary: 'add a capture rule',
  help: `usage: tracesift rules add --db PATH --dataset NAME --name NAME (--filter JSON | --query TEXT)
                          --sample-rate R [--seed S]

Adds a capture rule and prints it. From now on every span that completes (status becomes
completed or failed, including spans imported already finished) and matches the filter is kept
with probability R (0 to 1) and copied into the dataset as a datapoint. The sample is a pure
function of the seed and the span id: the same seed keeps the same spans. A dataset that does not
exist is created as a collection. Rule names are unique within a dataset. Spans stored before the
rule are captured by 'tracesift rules backfill'.
${RULE_FILTER_HELP}
${RULE_JSON}`,
  async run(args) {
    const { values } = parseCommandLine({
      args,
      options: stringOptions('db', 'dataset', 'name', 'filter', 'query', 'sample-rate', 'seed'),
    });
    const dataset = required(values.dataset, '--dataset');
    const name = required(values.name, '--name');
    const filter = optionalFilter(values.filter, values.query, '--filter');
    if (filter === undefined)
      throw new UsageError('rules add needs --filter JSON or --query TEXT', { field: '--filter' });
    const sample_rate = parseNumber(required(values['sample-rate'], '--sample-rate'), '--sample-rate')!;
    const seed = parseInteger(values.seed, '--seed');
    await withDb(values.db, 'rules add', async (api) =>
      writeJson(api.addRule({ dataset, name, filter, sample_rate, ...(seed === undefined ? {} : { seed }) })),
    );
  },
};

const list: LeafCommand = {
  synopsis: 'list --db PATH [--dataset NAME]',
  summary: 'print the rules as JSONL',
  help: `usage: tracesift rules list --db PATH [--dataset NAME]

Prints the capture rules (of one dataset with --dataset; an unknown dataset is an error) as
JSONL, one rule a line.
${RULE_JSON}`,
  async run(args) {
    const { values } = parseCommandLine({ args, options: stringOptions('db', 'dataset') });
    await withDb(values.db, 'rules list', async (api) => writeJsonl(api.listRules(values.dataset)));
  },
};

const update: LeafCommand = {
  synopsis: 'update --db PATH --id N [--name NAME] [--filter JSON|--query TEXT] [--sample-rate R] [--seed S]',
  summary: 'change a rule',
  help: `usage: tracesift rules update --db PATH --id N [--name NAME] [--filter JSON | --query TEXT]
                             [--sample-rate R] [--seed S]

Changes the given fields of rule N and prints the rule. The change applies to spans that complete
from now on; datapoints already captured stay.
${RULE_FILTER_HELP}
${RULE_JSON}`,
  async run(args) {
    const { values } = parseCommandLine({
      args,
      options: stringOptions('db', 'id', 'name', 'filter', 'query', 'sample-rate', 'seed'),
    });
    const id = ruleId(values.id);
    const patch: RulePatch = {};
    if (values.name !== undefined) patch.name = values.name;
    const filter = optionalFilter(values.filter, values.query, '--filter');
    if (filter !== undefined) patch.filter = filter;
    const sampleRate = parseNumber(values['sample-rate'], '--sample-rate');
    if (sampleRate !== undefined) patch.sample_rate = sampleRate;
    const seed = parseInteger(values.seed, '--seed');
    if (seed !== undefined) patch.seed = seed;
    if (Object.keys(patch).length === 0) {
      throw new UsageError('rules update needs at least one of --name, --filter, --query, --sample-rate, --seed');
    }
    await withDb(values.db, 'rules update', async (api) => writeJson(api.updateRule(id, patch)));
  },
};

const del: LeafCommand = {
  synopsis: 'delete --db PATH --id N',
  summary: 'delete a rule (its datapoints stay)',
  help: `usage: tracesift rules delete --db PATH --id N

Deletes rule N and prints {"deleted": N, "removed": 0, "kept": M}: the datapoints it captured stay in
their dataset.`,
  async run(args) {
    const { values } = parseCommandLine({ args, options: stringOptions('db', 'id') });
    const id = ruleId(values.id);
    await withDb(values.db, 'rules delete', async (api) => writeJson(api.deleteRule(id)));
  },
};

const backfill: LeafCommand = {
  synopsis: 'backfill --db PATH --id N',
  summary: 'apply a rule to the spans already stored',
  help: `usage: tracesift rules backfill --db PATH --id N

Applies rule N to the spans already stored (completed or failed) and prints
{"rule_id", "matched", "sampled", "captured"}: spans matching the filter, those the sample keeps,
and the new datapoints among them (a span the rule captured before is not captured again).`,
  async run(args) {
    const { values } = parseCommandLine({ args, options: stringOptions('db', 'id') });
    const id = ruleId(values.id);
    await withDb(values.db, 'rules backfill', async (api) => writeJson(api.backfillRule(id)));
  },
};

const preview: LeafCommand = {
  synopsis:
    'preview --db PATH (--dataset NAME --name NAME --filter JSON|--query TEXT --sample-rate R | --id N [changes]) [--seed S]',
  summary: 'what a rule (a draft, or rule N changed) would capture from the stored spans',
  help: `usage: tracesift rules preview --db PATH --dataset NAME --name NAME (--filter JSON | --query TEXT)
                              --sample-rate R [--seed S]
       tracesift rules preview --db PATH --id N [--name NAME] [--filter JSON | --query TEXT]
                              [--sample-rate R] [--seed S]
Saves nothing. Counts what the rule — a draft, taking the options of 'rules add' (and failing as
it would), or rule N with the given changes, as 'rules update' takes them — would do over the
spans already stored, and prints
{"spans", "matched", "sampled", "running", "sample_rate", "seed"}: spans stored, finished spans
matching the filter, how many of those the sample keeps (exact: the sample is a pure function of
the seed and the span id, so 'rules backfill' of the same rule captures this many), matching
spans still running (evaluated when they finish), and the rate and seed used (a draft without
--seed gets the seed 'rules add' would give it).
${RULE_FILTER_HELP}`,
  async run(args) {
    const { values } = parseCommandLine({
      args,
      options: stringOptions('db', 'id', 'dataset', 'name', 'filter', 'query', 'sample-rate', 'seed'),
    });
    const filter = optionalFilter(values.filter, values.query, '--filter');
    const sampleRate = parseNumber(values['sample-rate'], '--sample-rate');
    const seed = parseInteger(values.seed, '--seed');
    if (values.id !== undefined) {
      if (values.dataset !== undefined) {
        throw new UsageError('--dataset applies to a draft; rule --id N stays in its dataset', { field: '--dataset' });
      }
      const id = ruleId(values.id);
      const patch: RulePatch = {
        ...(values.name === undefined ? {} : { name: values.name }),
        ...(filter === undefined ? {} : { filter }),
        ...(sampleRate === undefined ? {} : { sample_rate: sampleRate }),
        ...(seed === undefined ? {} : { seed }),
      };
      await withDb(values.db, 'rules preview', async (api) => writeJson(api.previewRuleUpdate(id, patch)));
      return;
    }
    const dataset = required(values.dataset, '--dataset');
    const name = required(values.name, '--name');
    if (filter === undefined)
      throw new UsageError('rules preview needs --filter JSON or --query TEXT', { field: '--filter' });
    const sample_rate = parseNumber(required(values['sample-rate'], '--sample-rate'), '--sample-rate')!;
    await withDb(values.db, 'rules preview', async (api) =>
      writeJson(api.previewRule({ dataset, name, filter, sample_rate, ...(seed === undefined ? {} : { seed }) })),
    );
  },
};

const subcommands = { add, list, update, delete: del, backfill, preview };

/** `tracesift rules`. */
export const rulesCommand: GroupCommand = {
  synopsis: 'rules add|list|update|delete|backfill|preview ...',
  summary: 'capture rules: spans that match a filter are copied into a dataset',
  help: groupHelp(
    `usage: tracesift rules <command> --db PATH [options]

Capture rules copy spans that match a filter into a dataset as they complete.`,
    subcommands,
    "Run 'tracesift rules <command> --help' for a command's options.",
  ),
  subcommands,
};
