#!/usr/bin/env node
// The `tracesift` command line: the same wasm engine as the browser, under node, over a database
// file on disk. Results go to stdout as JSON or JSONL; errors to stderr as {"error": {...}}.
import { closeSync, openSync, readSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EngineApi } from '../worker/src/engine_api.js';
import { TraceSiftError } from '../worker/src/errors.js';
import { IMPORT_FORMATS, type ImportFormat } from '../worker/src/generated/constants.js';
import { hostPath, loadNodeModule } from '../worker/src/load_node.js';
import type { Filter, FilterSpec, ImportReport } from '../worker/src/types.js';

const CHUNK_BYTES = 4 << 20;
const PAGE = 10_000;

const FILTER_HELP = `--filter takes the filter object of SPEC.md, e.g. '{"provider":"anthropic","min_cost":0.05}'.
--query takes the same filter written for people, e.g.
  'model:gpt-4o cost>0.01 tokens>=1000 -status:failed name:"summarize" since:7d'
  (key:value, -key: negates, "quoted values", > >= < <= for cost/tokens/duration, bare words
  search span names); a parse error gives the character where it failed (details.position).
  A query that starts with "-" goes after an equals sign: --query='-status:failed'.`;

const HELP: Record<string, string> = {
  main: `tracesift — turn LLM traces into datasets (engine ${'${version}'})

usage: tracesift <command> [options]

commands:
  import FILE... --db PATH [--format auto|native]   import trace files
  spans --db PATH [--filter JSON | --query TEXT] [--limit N] [--offset N]   print spans as JSONL
  count --db PATH [--filter JSON | --query TEXT]    count spans

Run 'tracesift <command> --help' for a command's options.`,
  import: `usage: tracesift import FILE... --db PATH [--format ${IMPORT_FORMATS.join('|')}]

Streams each file into the database (created if missing) and prints one JSON report:
{"format", "read", "imported", "updated", "skipped", "errors": [{"file", "line", "message"}]}.
Rejected lines are reported and skipped; every valid line is kept.`,
  spans: `usage: tracesift spans --db PATH [--filter JSON | --query TEXT] [--limit N] [--offset N]

Prints matching spans as JSONL, newest first (all of them unless --limit is given).
${FILTER_HELP}`,
  count: `usage: tracesift count --db PATH [--filter JSON | --query TEXT]

Prints {"count": N} for the spans matching the filter.
${FILTER_HELP}`,
};

class UsageError extends TraceSiftError {
  constructor(message: string, command?: string) {
    super('invalid_argument', message, command ? { usage: HELP[command] } : {});
  }
}

function parseFilter(text: string | undefined): Filter {
  if (text === undefined) return {};
  try {
    return JSON.parse(text) as Filter;
  } catch {
    throw new TraceSiftError('invalid_filter', `--filter is not valid JSON: ${text.slice(0, 80)}`, {
      field: '--filter',
    });
  }
}

/** --filter JSON or --query TEXT (one of them); the engine parses the query text. */
function filterSpec(values: { filter?: string; query?: string }, command: string): FilterSpec {
  if (values.filter !== undefined && values.query !== undefined) {
    throw new UsageError('give --filter or --query, not both', command);
  }
  return values.query ?? parseFilter(values.filter);
}

function parseCount(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a non-negative integer, got '${text}'`);
  return n;
}

async function write(text: string | Uint8Array): Promise<void> {
  if (process.stdout.write(text)) return;
  await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
}

async function openDb(db: string | undefined, command: string): Promise<EngineApi> {
  if (!db) throw new UsageError(`${command} needs --db PATH`, command);
  return new EngineApi(await loadNodeModule(), hostPath(db));
}

function importOne(api: EngineApi, file: string, format: ImportFormat): ImportReport {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new TraceSiftError('not_found', `cannot read '${file}': ${(e as Error).message}`, { file });
  }
  const handle = api.importBegin(file, format);
  const buffer = new Uint8Array(CHUNK_BYTES);
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      api.importChunk(handle, buffer.subarray(0, n));
    }
    return api.importFinish(handle);
  } catch (e) {
    try {
      api.importCancel(handle);
    } catch {
      // the handle is already gone when a batch failed inside the engine
    }
    throw e;
  } finally {
    closeSync(fd);
  }
}

async function runImport(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { db: { type: 'string' }, format: { type: 'string', default: 'auto' } },
  });
  if (positionals.length === 0) throw new UsageError('import needs at least one FILE', 'import');
  const format = values.format as ImportFormat;
  if (!IMPORT_FORMATS.includes(format)) {
    throw new UsageError(`unknown --format '${values.format}' (${IMPORT_FORMATS.join(', ')})`, 'import');
  }
  const api = await openDb(values.db, 'import');
  const total: ImportReport = {
    format: '',
    read: 0,
    imported: 0,
    updated: 0,
    skipped: 0,
    errors: [],
    error_count: 0,
    bytes: 0,
    cancelled: false,
  };
  const formats = new Set<string>();
  try {
    for (const file of positionals) {
      const r = importOne(api, file, format);
      formats.add(r.format);
      total.read += r.read;
      total.imported += r.imported;
      total.updated += r.updated;
      total.skipped += r.skipped;
      total.errors.push(...r.errors);
      total.error_count += r.error_count;
      total.bytes += r.bytes;
    }
  } finally {
    api.close();
  }
  total.format = [...formats].join(',');
  await write(JSON.stringify(total) + '\n');
}

async function runSpans(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      filter: { type: 'string' },
      query: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
    },
  });
  const filter = filterSpec(values, 'spans');
  const limit = parseCount(values.limit, '--limit');
  let offset = parseCount(values.offset, '--offset') ?? 0;
  const api = await openDb(values.db, 'spans');
  try {
    let remaining = limit ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const page = Math.min(PAGE, remaining);
      const bytes = api.spansBytes(filter, { limit: page, offset });
      let lines = 0;
      for (const b of bytes) if (b === 10) lines++;
      if (lines > 0) await write(bytes);
      if (lines < page) break;
      offset += lines;
      remaining -= lines;
    }
  } finally {
    api.close();
  }
}

async function runCount(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { db: { type: 'string' }, filter: { type: 'string' }, query: { type: 'string' } },
  });
  const filter = filterSpec(values, 'count');
  const api = await openDb(values.db, 'count');
  try {
    await write(JSON.stringify({ count: api.count(filter) }) + '\n');
  } finally {
    api.close();
  }
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  import: runImport,
  spans: runSpans,
  count: runCount,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    const module = await loadNodeModule();
    await write(HELP.main.replace('${version}', module.engineVersion()) + '\n');
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) throw new UsageError(`unknown command '${command}' (${Object.keys(COMMANDS).join(', ')})`);
  if (rest.includes('--help') || rest.includes('-h')) {
    await write(HELP[command] + '\n');
    return 0;
  }
  await run(rest);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const error =
      e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
        ? new UsageError(e.message)
        : TraceSiftError.from(e);
    process.stderr.write(
      JSON.stringify({ error: { code: error.code, message: error.message, ...error.details } }) + '\n',
    );
    process.exitCode = error.code === 'invalid_argument' ? 2 : 1;
  },
);
