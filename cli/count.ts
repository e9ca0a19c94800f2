// `tracesift count`: how many spans match.
import type { LeafCommand } from './command.js';
import { withDb } from './db.js';
import { writeJson } from './output.js';
import { FILTER_HELP, filterSpec, parseCommandLine, stringOptions } from './usage.js';

/** `tracesift count`. */
export const countCommand: LeafCommand = {
  synopsis: 'count --db PATH [--filter JSON | --query TEXT]',
  summary: 'count matching spans',
  help: `usage: tracesift count --db PATH [--filter JSON | --query TEXT]

Prints {"count": N} for the spans matching the filter.
${FILTER_HELP}`,
  async run(args) {
    const { values } = parseCommandLine({ args, options: stringOptions('db', 'filter', 'query') });
    const filter = filterSpec(values);
    await withDb(values.db, 'count', async (api) => writeJson({ count: api.count(filter) }));
  },
};
