#!/usr/bin/env node
// The `tracesift` command line: the same wasm engine as the browser, under node, over a database
// file on disk. Results go to stdout as JSON or JSONL; errors to stderr as {"error": {...}}, with
// exit code 2 when the command line is wrong and 1 for anything else.
import './wasm_tiering.js'; // first: before the wasm module is compiled
import { TraceSiftError } from '../worker/src/errors.js';
import { errorWithHostPaths } from '../worker/src/host_paths.js';
import { loadNodeModule } from '../worker/src/load_node.js';
import { dispatch, groupHelp, type GroupCommand } from './command.js';
import { callCommand } from './call.js';
import { countCommand } from './count.js';
import { datasetsCommand } from './datasets.js';
import { exportCommand } from './export.js';
import { facetsCommand } from './facets.js';
import { importCommand } from './import.js';
import { reviewCommand } from './review.js';
import { rulesCommand } from './rules.js';
import { spanCommand } from './span.js';
import { spansCommand } from './spans.js';
import { statsCommand } from './stats.js';
import { LOCK_HELP, takeLockOptions } from './db.js';
import { StdoutClosed, write } from './output.js';
import { UsageError } from './usage.js';

const subcommands = {
  import: importCommand,
  spans: spansCommand,
  span: spanCommand,
  count: countCommand,
  facets: facetsCommand,
  stats: statsCommand,
  rules: rulesCommand,
  datasets: datasetsCommand,
  export: exportCommand,
  review: reviewCommand,
  call: callCommand,
};

/** The whole command line, as a group of commands. */
const tracesift: GroupCommand = {
  synopsis: 'tracesift <command> [options]',
  summary: 'turn LLM traces into datasets',
  help: groupHelp(
    `tracesift — turn LLM traces into datasets

usage: tracesift <command> [options]`,
    subcommands,
    `Run 'tracesift <command> --help' for a command's options. Every command that takes --db also takes
these: ${LOCK_HELP}`,
  ),
  subcommands,
};

async function main(argv: string[]): Promise<void> {
  const [first] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const module = await loadNodeModule();
    await write(`${tracesift.help}\n\nengine version ${module.engineVersion()}\n`);
    return;
  }
  await dispatch(tracesift, argv, 'tracesift');
}

Promise.resolve()
  .then(() => main(takeLockOptions(process.argv.slice(2))))
  .then(
    () => undefined,
    (e: unknown) => {
      // stdout's reader left (or stdout failed, reported already): stop without a word.
      if (e instanceof StdoutClosed) return;
      const status = e instanceof UsageError ? 2 : 1;
      const error = errorWithHostPaths(TraceSiftError.from(e));
      // (a failure to write stderr too must not become an uncaught error: exit with the status anyway)
      process.stderr.on('error', () => undefined);
      process.stderr.write(
        JSON.stringify({ error: { code: error.code, message: error.message, ...error.details } }) + '\n',
      );
      process.exitCode = status;
    },
  );
