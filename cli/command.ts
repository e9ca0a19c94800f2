// What a CLI command is, and how a command line finds its command: commands with subcommands
// (`rules add`, `datasets list`) pick the next word; every command and group answers --help.
import { UsageError } from './usage.js';
import { write } from './output.js';

/** A command that runs. */
export interface LeafCommand {
  /** How to call it, for the parent's help: "spans --db PATH [--filter JSON] ...". */
  synopsis: string;
  /** What it does, in a few words, for the parent's help. */
  summary: string;
  /** What `--help` prints. */
  help: string;
  /** Runs with the arguments after the command's name. */
  run(args: string[]): Promise<void>;
}

/** A command made of subcommands (`tracesift rules add ...`). */
export interface GroupCommand {
  /** How to call it, for the parent's help. */
  synopsis: string;
  /** What it does, for the parent's help. */
  summary: string;
  help: string;
  subcommands: Record<string, Command>;
}

/** A command of the CLI. */
export type Command = LeafCommand | GroupCommand;

const isHelp = (arg: string) => arg === '--help' || arg === '-h';

/** The help of a group: its own text, then each subcommand's synopsis and summary. */
export function groupHelp(usage: string, subcommands: Record<string, Command>, footer = ''): string {
  const lines = Object.values(subcommands).map((c) => `  ${c.synopsis}\n      ${c.summary}`);
  return `${usage}\n\ncommands:\n${lines.join('\n')}${footer ? `\n\n${footer}` : ''}`;
}

/**
 * Runs `command` with `args`: a group passes the rest to the subcommand its first argument names;
 * `--help` anywhere prints the help of the deepest command named. Usage errors get that command's
 * help attached (`usage`), so the one JSON error on stderr says how to call it.
 */
export async function dispatch(command: Command, args: string[], path: string): Promise<void> {
  try {
    if ('subcommands' in command) {
      const [name, ...rest] = args;
      const names = Object.keys(command.subcommands).join(', ');
      if (name === undefined) throw new UsageError(`${path} needs a command (${names})`);
      if (isHelp(name)) return await write(command.help + '\n');
      if (!Object.hasOwn(command.subcommands, name)) {
        throw new UsageError(`unknown command '${path} ${name}' (${names})`);
      }
      return await dispatch(command.subcommands[name]!, rest, `${path} ${name}`);
    }
    if (args.some(isHelp)) return await write(command.help + '\n');
    await command.run(args);
  } catch (e) {
    if (e instanceof UsageError && e.details.usage === undefined) e.details.usage = command.help;
    throw e;
  }
}
