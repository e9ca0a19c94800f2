// Reading a command line: options and positionals, and the values of options (counts, numbers,
// choices, filters). Anything wrong with the command line itself is a UsageError (exit code 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TraceSiftError, type ErrorDetails } from '../worker/src/errors.js';
import type { FilterSpec } from '../worker/src/types.js';

/** The command line is wrong: an unknown command or option, a missing or malformed value. */
export class UsageError extends TraceSiftError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('invalid_argument', message, details);
  }
}

/** The help text shared by every command that takes a filter. */
export const FILTER_HELP = `--filter takes the filter object of docs/CONTRACT.md, e.g. '{"provider":"anthropic","min_cost":0.05}'.
--query takes the same filter written for people, e.g.
  'model:gpt-4o cost>0.01 tokens>=1000 -status:failed name:"summarize" since:7d'
  (key:value, -key: negates, "quoted values", > >= < <= for cost/tokens/duration, bare words
  search span names); a parse error gives the character where it failed (details.position).
  A query that starts with "-" goes after an equals sign: --query='-status:failed'.`;

/**
 * Parses a command line (node's parseArgs, strict): unknown options, missing values and unexpected
 * positionals are usage errors.
 */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>(config);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      // node names the option in the message only: "Option '--limit <value>' argument missing".
      const option = /'(--?[A-Za-z][\w-]*)/.exec((e as Error).message)?.[1];
      throw new UsageError((e as Error).message, option ? { field: option } : {});
    }
    throw e;
  }
}

/** Options that take a string value, by name. */
export function stringOptions<const K extends string>(...names: K[]): { [P in K]: { type: 'string' } } {
  return Object.fromEntries(names.map((n) => [n, { type: 'string' }])) as { [P in K]: { type: 'string' } };
}

/** The value of a required option. */
export function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new UsageError(`${name} is required`, { field: name });
  return value;
}

/** A non-negative integer option (`--limit`, `--offset`, `--id`). */
export function parseCount(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) {
    throw new UsageError(`${name} must be a non-negative integer, got '${text}'`, { field: name });
  }
  return n;
}

/** A number option (`--sample-rate`); its range is the engine's to check. */
export function parseNumber(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const n = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(n)) throw new UsageError(`${name} must be a number, got '${text}'`, { field: name });
  return n;
}

/** An integer option that may be negative (`--seed`); its range is the engine's to check. */
export function parseInteger(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const n = /^[+-]?\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) {
    throw new UsageError(`${name} must be an integer (at most 2^53 - 1), got '${text}'`, { field: name });
  }
  return n;
}

/** One of a fixed set of words (`--sort cost`). */
export function parseChoice<const T extends string>(
  text: string | undefined,
  name: string,
  choices: readonly T[],
): T | undefined {
  if (text === undefined) return undefined;
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(`${name} must be one of ${choices.join(', ')}; got '${text}'`, { field: name });
  }
  return text as T;
}

/** A filter given as JSON text; bad JSON is an invalid filter naming the option. */
export function parseFilterJson(text: string, name: string): FilterSpec {
  try {
    return JSON.parse(text) as FilterSpec;
  } catch {
    throw new TraceSiftError('invalid_filter', `${name} is not valid JSON: ${text.slice(0, 80)}`, { field: name });
  }
}

/**
 * The filter of `--<json> JSON` or `--query TEXT` (at most one of them), or undefined when neither
 * is given; the engine parses and checks the query text.
 */
export function optionalFilter(
  json: string | undefined,
  query: string | undefined,
  jsonName: string,
): FilterSpec | undefined {
  if (json !== undefined && query !== undefined) {
    throw new UsageError(`give ${jsonName} or --query, not both`, { field: '--query' });
  }
  if (query !== undefined) return query;
  return json === undefined ? undefined : parseFilterJson(json, jsonName);
}

/** --filter JSON or --query TEXT; neither matches every span. */
export function filterSpec(values: { filter?: string; query?: string }): FilterSpec {
  return optionalFilter(values.filter, values.query, '--filter') ?? {};
}
