// `tracesift facets`: what the matching spans hold (value counts and ranges), for filter pickers.
import type { LeafCommand } from './command.js';
import { withDb } from './db.js';
import { writeJson } from './output.js';
import { FILTER_HELP, filterSpec, parseCommandLine, stringOptions } from './usage.js';

/** `tracesift facets`. */
export const facetsCommand: LeafCommand = {
  synopsis: 'facets --db PATH [--filter JSON | --query TEXT]',
  summary: 'value counts and ranges of the matching spans',
  help: `usage: tracesift facets --db PATH [--filter JSON | --query TEXT]

Prints one JSON object:
{"total": N,
 "facets": {"model": [{"value": "gpt-4o", "count": N}, ...], "provider": [...], "environment": [...],
            "task": [...], "kind": [...], "status": [...]},
 "ranges": {"cost_usd": {"min", "max"} | null, "tokens": {"min", "max"} | null,
            "started_at": {"min", "max"} | null}}
Each facet's counts ignore that facet's own condition (filtering by a model still lists the other
models), largest first; a null value counts spans without one. "total" and "ranges" use the whole
filter.
${FILTER_HELP}`,
  async run(args) {
    const { values } = parseCommandLine({ args, options: stringOptions('db', 'filter', 'query') });
    const filter = filterSpec(values);
    await withDb(values.db, 'facets', async (api) => writeJson(api.facets(filter)));
  },
};
