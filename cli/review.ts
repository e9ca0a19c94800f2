// `tracesift review ...`: the review queue (docs/REVIEW.md). Datapoints are enqueued from a dataset
// or a capture rule's captures; a reviewer claims them one at a time, may edit the output (the
// datapoint keeps its original), and approves them into the queue's golden dataset or rejects them.
import type { ReviewItemState } from '../worker/src/types.js';
import { groupHelp, type GroupCommand, type LeafCommand } from './command.js';
import { withDb } from './db.js';
import { writeJson, writeJsonl } from './output.js';
import { parseChoice, parseCommandLine, parseCount, required, stringOptions, UsageError } from './usage.js';

const ITEM_JSON = `An item prints as {"id", "queue", "datapoint_id", "state", "outcome", "reviewer", "enqueued_at",
"claimed_at", "completed_at", "edited", "edited_at", "note", "golden_datapoint_id"}.`;

const QUEUE_JSON = `A queue prints as {"name", "golden", "lease_seconds", "created_at",
"progress": {"pending", "claimed", "approved", "rejected", "total"}}.`;

function itemId(text: string | undefined): number {
  const id = parseCount(required(text, '--item'), '--item')!;
  if (id === 0) throw new UsageError('--item must be a positive integer', { field: '--item' });
  return id;
}

/** The JSON of --output: a messages array; text that is not JSON is a usage error naming it. */
function parseOutput(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`--output must be JSON (a messages array), got '${text}'`, { field: '--output' });
  }
}

const queues: LeafCommand = {
  synopsis: 'queues --db PATH',
  summary: 'print the review queues with their progress as JSONL',
  help: `usage: tracesift review queues --db PATH

Prints every review queue, by name, one a line.
${QUEUE_JSON}`,
  async run(args) {
    const { values } = parseCommandLine({ args, options: stringOptions('db') });
    await withDb(values.db, 'review queues', async (api) => writeJsonl(api.listReviewQueues()));
  },
};

const create: LeafCommand = {
  synopsis: 'create --db PATH --name Q --golden DATASET [--lease-seconds N]',
  summary: 'create a review queue',
  help: `usage: tracesift review create --db PATH --name Q --golden DATASET [--lease-seconds N]

Creates review queue Q and prints it. Approved datapoints are copied into DATASET, which must be a
collection; it is created if missing. A claim lasts N seconds (default 1800): after that another
reviewer may take the item.
${QUEUE_JSON}`,
  async run(args) {
    const { values } = parseCommandLine({ args, options: stringOptions('db', 'name', 'golden', 'lease-seconds') });
    const name = required(values.name, '--name');
    const golden = required(values.golden, '--golden');
    const lease = parseCount(values['lease-seconds'], '--lease-seconds');
    await withDb(values.db, 'review create', async (api) =>
      writeJson(api.createReviewQueue({ name, golden, ...(lease === undefined ? {} : { lease_seconds: lease }) })),
    );
  },
};

const del: LeafCommand = {
  synopsis: 'delete --db PATH --queue Q',
  summary: 'delete a review queue and its items (the golden dataset stays)',
  help: `usage: tracesift review delete --db PATH --queue Q

Deletes review queue Q with its N items and prints {"deleted": Q, "removed": N, "kept": 0}. The
golden dataset and the datapoints already approved into it stay.`,
  async run(args) {
    const { values } = parseCommandLine({ args, options: stringOptions('db', 'queue') });
    const queue = required(values.queue, '--queue');
    await withDb(values.db, 'review delete', async (api) => writeJson(api.deleteReviewQueue(queue)));
  },
};

const enqueue: LeafCommand = {
  synopsis: 'enqueue --db PATH --queue Q (--dataset D | --rule ID) [--limit N]',
  summary: "add a dataset's or a capture rule's datapoints to a queue",
  help: `usage: tracesift review enqueue --db PATH --queue Q (--dataset D | --rule ID) [--limit N]

Adds the datapoints of dataset D, or those capture rule ID took (even if the rule was deleted
since), to queue Q, oldest first, and prints {"queue", "matched", "enqueued", "already"}: the
datapoints selected, the items added, and those already in the queue. A datapoint is in a queue
at most once, so enqueueing again adds only what is new. --limit adds at most N new items.`,
  async run(args) {
    const { values } = parseCommandLine({ args, options: stringOptions('db', 'queue', 'dataset', 'rule', 'limit') });
    const queue = required(values.queue, '--queue');
    if ((values.dataset === undefined) === (values.rule === undefined))
      throw new UsageError('review enqueue needs exactly one of --dataset D and --rule ID', { field: '--dataset' });
    const limit = parseCount(values.limit, '--limit');
    const from =
      values.dataset !== undefined ? { dataset: values.dataset } : { rule_id: parseCount(values.rule, '--rule')! };
    await withDb(values.db, 'review enqueue', async (api) =>
      writeJson(api.addReviewItems({ queue, ...from, ...(limit === undefined ? {} : { limit }) })),
    );
  },
};

const next: LeafCommand = {
  synopsis: 'next --db PATH --queue Q --reviewer R',
  summary: "claim the next item (or print the reviewer's current one)",
  help: `usage: tracesift review next --db PATH --queue Q --reviewer R

Prints the item reviewer R holds in queue Q; if R holds none, claims the oldest pending item (or
one whose claim's lease ran out) for R and prints it. The item comes with "output" (the edited
output, else the original), "edited_output" and "datapoint": {"id", "dataset", "source",
"source_span_id", "rule_id", "input", "output", "metadata"} (the original content). Prints null
when nothing is left to review.
${ITEM_JSON}`,
  async run(args) {
    const { values } = parseCommandLine({ args, options: stringOptions('db', 'queue', 'reviewer') });
    const queue = required(values.queue, '--queue');
    const reviewer = required(values.reviewer, '--reviewer');
    await withDb(values.db, 'review next', async (api) => writeJson(api.claimNextReviewItem(queue, reviewer)));
  },
};

const claim: LeafCommand = {
  synopsis: 'claim --db PATH --item ID --reviewer R',
  summary: 'claim one item',
  help: `usage: tracesift review claim --db PATH --item ID --reviewer R

Claims item ID for reviewer R and prints it: a pending item, R's own (the lease starts again), or
another reviewer's whose lease ran out. A completed item, or one another reviewer holds, is a
conflict.
${ITEM_JSON}`,
  async run(args) {
    const { values } = parseCommandLine({ args, options: stringOptions('db', 'item', 'reviewer') });
    const item = itemId(values.item);
    const reviewer = required(values.reviewer, '--reviewer');
    await withDb(values.db, 'review claim', async (api) => writeJson(api.claimReviewItem(item, reviewer)));
  },
};

const show: LeafCommand = {
  synopsis: 'show --db PATH --item ID',
  summary: "print an item with its datapoint's content",
  help: `usage: tracesift review show --db PATH --item ID

Prints item ID with "output" (the edited output, else the original), "edited_output" and
"datapoint": {"id", "dataset", "source", "source_span_id", "rule_id", "input", "output",
"metadata"} (the original content).
${ITEM_JSON}`,
  async run(args) {
    const { values } = parseCommandLine({ args, options: stringOptions('db', 'item') });
    const item = itemId(values.item);
    await withDb(values.db, 'review show', async (api) => writeJson(api.showReviewItem(item)));
  },
};

const edit: LeafCommand = {
  synopsis: 'edit --db PATH --item ID --reviewer R --output JSON',
  summary: 'set the output of a claimed item (the datapoint keeps its original)',
  help: `usage: tracesift review edit --db PATH --item ID --reviewer R --output JSON

Sets the output that approving item ID will give its golden copy, and prints the item. JSON is a
messages array, e.g. '[{"role": "assistant", "content": "..."}]' (each message a "role" and a
"content" string, parts array or null, or "tool_calls"). R must hold the item's claim. The
datapoint under review keeps its original output; editing again replaces the edit.
${ITEM_JSON}`,
  async run(args) {
    const { values } = parseCommandLine({ args, options: stringOptions('db', 'item', 'reviewer', 'output') });
    const item = itemId(values.item);
    const reviewer = required(values.reviewer, '--reviewer');
    const output = parseOutput(required(values.output, '--output'));
    await withDb(values.db, 'review edit', async (api) => writeJson(api.editReviewItem(item, reviewer, output)));
  },
};

const approve: LeafCommand = {
  synopsis: 'approve --db PATH --item ID --reviewer R [--note TEXT]',
  summary: 'approve a claimed item into the golden dataset',
  help: `usage: tracesift review approve --db PATH --item ID --reviewer R [--note TEXT]

Approves item ID, which R must hold: its datapoint, with the edited output if there is one, is
copied into the queue's golden dataset (source "review", keeping its source_span_id; the dataset
is created as a collection if it went missing). Prints the completed item with
"golden_datapoint_id".
${ITEM_JSON}`,
  async run(args) {
    const { values } = parseCommandLine({ args, options: stringOptions('db', 'item', 'reviewer', 'note') });
    const item = itemId(values.item);
    const reviewer = required(values.reviewer, '--reviewer');
    await withDb(values.db, 'review approve', async (api) =>
      writeJson(api.approveReviewItem(item, reviewer, values.note)),
    );
  },
};

const reject: LeafCommand = {
  synopsis: 'reject --db PATH --item ID --reviewer R [--reason TEXT]',
  summary: 'reject a claimed item',
  help: `usage: tracesift review reject --db PATH --item ID --reviewer R [--reason TEXT]

Rejects item ID, which R must hold, keeping the reason as its "note"; nothing is copied. Prints the
completed item.
${ITEM_JSON}`,
  async run(args) {
    const { values } = parseCommandLine({ args, options: stringOptions('db', 'item', 'reviewer', 'reason') });
    const item = itemId(values.item);
    const reviewer = required(values.reviewer, '--reviewer');
    await withDb(values.db, 'review reject', async (api) =>
      writeJson(api.rejectReviewItem(item, reviewer, values.reason)),
    );
  },
};

const release: LeafCommand = {
  synopsis: 'release --db PATH --item ID --reviewer R',
  summary: 'give a claimed item back to the queue',
  help: `usage: tracesift review release --db PATH --item ID --reviewer R

Gives item ID, which R must hold, back to the queue: it is pending again, and its edit stays for
the next reviewer. Prints the item.
${ITEM_JSON}`,
  async run(args) {
    const { values } = parseCommandLine({ args, options: stringOptions('db', 'item', 'reviewer') });
    const item = itemId(values.item);
    const reviewer = required(values.reviewer, '--reviewer');
    await withDb(values.db, 'review release', async (api) => writeJson(api.releaseReviewItem(item, reviewer)));
  },
};

const items: LeafCommand = {
  synopsis: 'items --db PATH --queue Q [--state pending|claimed|completed] [--limit N] [--offset N]',
  summary: 'print the items of a queue as JSONL',
  help: `usage: tracesift review items --db PATH --queue Q [--state pending|claimed|completed]
                            [--limit N] [--offset N]

Prints the items of queue Q in the order they were enqueued, one a line (default 100 from offset
0, at most 10000).
${ITEM_JSON}`,
  async run(args) {
    const { values } = parseCommandLine({
      args,
      options: stringOptions('db', 'queue', 'state', 'limit', 'offset'),
    });
    const queue = required(values.queue, '--queue');
    const state = parseChoice<ReviewItemState>(values.state, '--state', ['pending', 'claimed', 'completed']);
    const limit = parseCount(values.limit, '--limit') ?? 100;
    const offset = parseCount(values.offset, '--offset') ?? 0;
    await withDb(values.db, 'review items', async (api) =>
      writeJsonl(api.listReviewItems(queue, { limit, offset, ...(state === undefined ? {} : { state }) }).items),
    );
  },
};

const progress: LeafCommand = {
  synopsis: 'progress --db PATH --queue Q',
  summary: "print a queue's counts",
  help: `usage: tracesift review progress --db PATH --queue Q

Prints {"pending", "claimed", "approved", "rejected", "total"} of queue Q.`,
  async run(args) {
    const { values } = parseCommandLine({ args, options: stringOptions('db', 'queue') });
    const queue = required(values.queue, '--queue');
    await withDb(values.db, 'review progress', async (api) => writeJson(api.showReviewProgress(queue)));
  },
};

const subcommands = {
  queues,
  create,
  delete: del,
  enqueue,
  next,
  claim,
  show,
  edit,
  approve,
  reject,
  release,
  items,
  progress,
};

/** `tracesift review`. */
export const reviewCommand: GroupCommand = {
  synopsis: 'review queues|create|delete|enqueue|next|claim|show|edit|approve|reject|release|items|progress ...',
  summary: 'review queues: reviewers approve datapoints into a golden dataset or reject them',
  help: groupHelp(
    `usage: tracesift review <command> --db PATH [options]

A review queue holds datapoints to judge. Each item moves pending -> claimed -> completed
(approved or rejected); a reviewer may edit the output before approving (the datapoint keeps its
original), and approved datapoints are copied into the queue's golden dataset.`,
    subcommands,
    "Run 'tracesift review <command> --help' for a command's options.",
  ),
  subcommands,
};
