// `tracesift stats`: volume, tokens, cost and failures of the matching spans over time, for charts.
import type { StatsOptions } from '../worker/src/types.js';
import type { LeafCommand } from './command.js';
import { withDb } from './db.js';
import { writeJson } from './output.js';
import { FILTER_HELP, filterSpec, parseChoice, parseCommandLine, parseCount, stringOptions } from './usage.js';

/** `tracesift stats`. */
export const statsCommand: LeafCommand = {
  synopsis: 'stats --db PATH [--filter JSON | --query TEXT] [--bucket SIZE] [--by model] [--top N]',
  summary: 'volume, tokens, cost and failures of the matching spans over time (and by model)',
  help: `usage: tracesift stats --db PATH [--filter JSON | --query TEXT] [--bucket SIZE] [--by model] [--top N]
Prints one JSON object:
{"bucket": "30s", "bucket_seconds": 30, "from": RFC3339, "to": RFC3339,
 "total": POINT, "buckets": [{"start": RFC3339, ...POINT}, ...],
 "models": [{"model", "total": POINT, "buckets": [POINT, ...]}, ...],     (with --by model)
 "other": {"models": N, "total": POINT, "buckets": [POINT, ...]} | null}   (with --by model)
where POINT is {"spans", "input_tokens", "output_tokens", "cost_usd", "failed"}: the matching
spans that started in the bucket, their tokens (missing counts as 0), cost (missing adds 0) and
how many failed. Buckets are dense from the first matching span to the last, aligned to multiples
of the size since the Unix epoch (1h on the hour, 1d at UTC midnight).
--bucket SIZE is a number and a unit s, m, h, d or w (30s, 5m, 1h, 1d, 1w), or auto (default:
chosen from the time range for about 50 to 200 buckets; at most 10,000 buckets).
--by model also splits every series by model: the --top N models by span count (default 5,
at most 100) and the rest summed as "other".
${FILTER_HELP}`,
  async run(args) {
    const { values } = parseCommandLine({
      args,
      options: stringOptions('db', 'filter', 'query', 'bucket', 'by', 'top'),
    });
    const filter = filterSpec(values);
    const by = parseChoice(values.by, '--by', ['model']);
    const top = parseCount(values.top, '--top');
    const options: StatsOptions = {
      ...(values.bucket === undefined ? {} : { bucket: values.bucket }),
      ...(by === 'model' ? { by_model: true } : {}),
      ...(top === undefined ? {} : { top_models: top }),
    };
    await withDb(values.db, 'stats', async (api) => writeJson(api.stats(filter, options)));
  },
};
