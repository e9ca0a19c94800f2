// `tracesift span ID`: one span's full record with its trace's spans, for a detail view.
import type { LeafCommand } from './command.js';
import { withDb } from './db.js';
import { writeJson } from './output.js';
import { parseCommandLine, stringOptions, UsageError } from './usage.js';

/** `tracesift span`. */
export const spanCommand: LeafCommand = {
  synopsis: 'span ID --db PATH',
  summary: "print one span's full record with its trace's spans",
  help: `usage: tracesift span ID --db PATH
Prints one JSON object:
{"span": the full record as 'tracesift spans' prints it (messages, attributes, ...),
 "trace_id": its trace,
 "trace": [{"span_id", "parent_span_id", "name", "kind", "status", "model", "started_at",
            "ended_at", "input_tokens", "output_tokens", "cost_usd"}, ...],
 "trace_total": N}
"trace" holds every span of the trace, this one included, by start time (the first 10,000;
"trace_total" counts them all). A span that is not stored is a not_found error.`,
  async run(args) {
    const { values, positionals } = parseCommandLine({ args, allowPositionals: true, options: stringOptions('db') });
    if (positionals.length !== 1) {
      throw new UsageError(`span needs one span ID, got ${positionals.length}`, { field: 'ID' });
    }
    await withDb(values.db, 'span', async (api) => writeJson(api.span(positionals[0]!)));
  },
};
