// `tracesift call OPERATION [ARG ...]`: any `call` operation of the API (worker/src/operations.ts)
// by its name, with its arguments in order: each as JSON, or a bare word taken as a string. Prints
// the result as JSON. Every operation declared reaches the command line this way, before (or
// without) a command of its own.
import { CALL_NAMES, type CallName } from '../worker/src/operations.js';
import type { LeafCommand } from './command.js';
import { withDb } from './db.js';
import { writeJson } from './output.js';
import { parseCommandLine, stringOptions, UsageError } from './usage.js';

/** An argument as typed: JSON when it parses, else the word itself as a string. */
function argument(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `tracesift call`. */
export const callCommand: LeafCommand = {
  synopsis: 'call OPERATION [ARG ...] --db PATH',
  summary: 'run any operation of the API by name (docs/API.md) and print its result',
  help: `usage: tracesift call OPERATION [ARG ...] --db PATH

Runs one operation of the API (docs/API.md, "TraceSift") with its arguments in order and prints
its result as JSON. Each ARG is JSON ('{"model":"gpt-4o"}', 42, '"a b"') or a bare word, taken as a
string (ev-1). Examples:
  tracesift call listDatasetsExcluding support-eval --db traces.db
  tracesift call listReviewItems support '{"state":"pending","limit":10}' --db traces.db

operations: ${CALL_NAMES.join(', ')}`,
  async run(args) {
    const { values, positionals } = parseCommandLine({ args, allowPositionals: true, options: stringOptions('db') });
    const [name, ...rest] = positionals;
    if (name === undefined) throw new UsageError('call needs an OPERATION', { field: 'OPERATION' });
    if (!(CALL_NAMES as string[]).includes(name)) {
      throw new UsageError(`unknown operation '${name}' (tracesift call --help lists them)`, { field: 'OPERATION' });
    }
    const operation = name as CallName;
    await withDb(values.db, 'call', async (api) => writeJson(api.invoke(operation, rest.map(argument))));
  },
};
