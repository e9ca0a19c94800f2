// `tracesift spans`: every matching span as JSONL, in the order asked for, paged with the cursor.
import { MAX_PAGE_SIZE } from '../worker/src/engine_api.js';
import type { SortOrder, SpanSort, SpansQuery } from '../worker/src/types.js';
import type { LeafCommand } from './command.js';
import { withDb } from './db.js';
import { lineCount, write } from './output.js';
import { FILTER_HELP, filterSpec, parseChoice, parseCommandLine, parseCount, stringOptions } from './usage.js';

/** The sort keys of `--sort`. */
export const SORTS: readonly SpanSort[] = ['time', 'cost', 'tokens', 'duration'];
/** The directions of `--order`. */
export const ORDERS: readonly SortOrder[] = ['asc', 'desc'];

/** `tracesift spans`. */
export const spansCommand: LeafCommand = {
  synopsis: 'spans --db PATH [--filter JSON | --query TEXT] [--sort KEY] [--order asc|desc] [--limit N] [--offset N]',
  summary: 'print matching spans as JSONL',
  help: `usage: tracesift spans --db PATH [--filter JSON | --query TEXT]
                      [--sort time|cost|tokens|duration] [--order asc|desc] [--limit N] [--offset N]

Prints matching spans as JSONL, all of them unless --limit is given, newest first unless
--sort/--order say otherwise: time is started_at, tokens is input + output tokens, duration is
ended_at - started_at. Spans without the value (no cost, still running, ...) come last in either
order. --offset skips that many spans first.
${FILTER_HELP}`,
  async run(args) {
    const { values } = parseCommandLine({
      args,
      options: stringOptions('db', 'filter', 'query', 'sort', 'order', 'limit', 'offset'),
    });
    const filter = filterSpec(values);
    const sort = parseChoice(values.sort, '--sort', SORTS);
    const order = parseChoice(values.order, '--order', ORDERS);
    const limit = parseCount(values.limit, '--limit');
    const offset = parseCount(values.offset, '--offset');
    await withDb(values.db, 'spans', async (api) => {
      let remaining = limit ?? Number.POSITIVE_INFINITY;
      // The first call skips --offset; each later one continues from the previous page's cursor.
      let query: SpansQuery = { sort, order, offset };
      while (remaining > 0) {
        const page = api.spansBytes(filter, { ...query, limit: Math.min(MAX_PAGE_SIZE, remaining) });
        const lines = lineCount(page.bytes);
        if (lines > 0) await write(page.bytes);
        remaining -= lines;
        if (page.nextCursor === null || lines === 0) break;
        query = { sort, order, cursor: page.nextCursor };
      }
    });
  },
};
