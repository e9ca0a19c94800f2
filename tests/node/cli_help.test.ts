// Every command and subcommand of the CLI answers --help, refuses a bare call with one JSON error
// on stderr and exit code 2, and offers every option docs/CONTRACT.md's "Command line" section gives it.
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

/** docs/CONTRACT.md's commands and the options it gives each. */
const SPEC: Record<string, string[]> = {
  import: [
    'FILE...',
    '--db',
    '--format',
    'auto',
    'native',
    'otlp',
    'openinference',
    'otel-python',
    'langfuse',
    'openai-chat',
    'request-response',
  ],
  spans: ['--db', '--filter', '--query', '--limit', '--offset'],
  count: ['--db', '--filter', '--query'],
  'rules add': ['--db', '--dataset', '--name', '--filter', '--sample-rate', '--seed'],
  'rules list': ['--db'],
  'rules delete': ['--db'],
  'datasets create': [
    '--db',
    '--type',
    'eval',
    'training',
    '--name',
    '--filter',
    '--query',
    '--exclude',
    '--limit',
    '--seed',
  ],
  'datasets list': ['--db'],
  'datasets show': ['NAME', '--db'],
  'datasets rows': ['NAME', '--db', '--limit'],
  'datasets delete': ['NAME', '--db'],
  export: ['--db', '--dataset', '--format', 'jsonl', 'openai-chat', 'hf', 'csv', '--out'],
};

/** The review queue's commands (docs/REVIEW.md) and their options. */
const REVIEW: Record<string, string[]> = {
  'review queues': ['--db'],
  'review create': ['--db', '--name', '--golden', '--lease-seconds'],
  'review delete': ['--db', '--queue'],
  'review enqueue': ['--db', '--queue', '--dataset', '--rule', '--limit'],
  'review next': ['--db', '--queue', '--reviewer'],
  'review claim': ['--db', '--item', '--reviewer'],
  'review show': ['--db', '--item'],
  'review edit': ['--db', '--item', '--reviewer', '--output'],
  'review approve': ['--db', '--item', '--reviewer', '--note'],
  'review reject': ['--db', '--item', '--reviewer', '--reason'],
  'review release': ['--db', '--item', '--reviewer'],
  'review items': ['--db', '--queue', '--state', '--limit', '--offset'],
  'review progress': ['--db', '--queue'],
};

/** The command names a group's help lists (its "commands:" lines). */
function listed(help: string): string[] {
  const section = help.split('\ncommands:\n')[1] ?? '';
  return [...section.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!);
}

/** The --help text of every command path (groups too), found by walking the help of the groups. */
async function helpTexts(): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const walk = async (path: string[]) => {
    const r = await cli(...path, '--help');
    expect({ path, status: r.status, stderr: r.stderr }).toEqual({ path, status: 0, stderr: '' });
    texts.set(path.join(' '), r.stdout);
    for (const name of listed(r.stdout)) await walk([...path, name]);
  };
  await walk([]);
  return texts;
}

const helps = await helpTexts();
/** Every leaf command path (a command whose help lists no subcommands). */
const all = [...helps]
  .filter(([, help]) => listed(help).length === 0)
  .map(([path]) => (path === '' ? [] : path.split(' ')));

describe('CLI commands', () => {
  it('finds every command of docs/CONTRACT.md, and the extra ones', async () => {
    const names = all.map((p) => p.join(' '));
    for (const command of Object.keys(SPEC)) expect(names).toContain(command);
    expect(names).toEqual(
      expect.arrayContaining(['facets', 'rules update', 'rules backfill', 'datasets rename', 'datasets add']),
    );
    expect(names).toEqual(expect.arrayContaining(Object.keys(REVIEW)));
  });

  it('documents each command with --help (also -h), naming the options docs/CONTRACT.md gives it', async () => {
    for (const path of all) {
      const help = helps.get(path.join(' '))!;
      expect(help.startsWith(`usage: tracesift ${path.join(' ')}`)).toBe(true);
      expect((await cli(...path, '-h')).stdout).toBe(help);
      for (const option of SPEC[path.join(' ')] ?? REVIEW[path.join(' ')] ?? []) {
        expect({ path, option, shown: help.includes(option) }).toEqual({ path, option, shown: true });
      }
    }
    for (const group of ['rules', 'datasets', 'review']) {
      expect(helps.get(group)!.startsWith(`usage: tracesift ${group}`)).toBe(true);
      expect((await cli(group, '-h')).stdout).toBe(helps.get(group));
    }
    expect(listed(helps.get('')!)).toEqual(
      expect.arrayContaining(['import', 'spans', 'count', 'facets', 'rules', 'datasets', 'export', 'review']),
    );
    expect(helps.get('datasets')).toMatch(/rows NAME/);
    expect(helps.get('spans')).toMatch(/--sort time\|cost\|tokens\|duration/);
  });

  it('refuses a bare call with one JSON error on stderr, exit 2, and the usage attached', async () => {
    for (const path of all) {
      const r = await cli(...path);
      expect({ path, status: r.status, stdout: r.stdout }).toEqual({ path, status: 2, stdout: '' });
      const { error } = JSON.parse(r.stderr) as { error: { code: string; message: string; usage: string } };
      expect(error.code).toBe('invalid_argument');
      expect(error.message.length).toBeGreaterThan(0);
      expect(error.usage.startsWith(`usage: tracesift ${path.join(' ')}`)).toBe(true);
    }
    for (const group of ['rules', 'datasets', 'review']) {
      const r = await cli(group);
      expect(r.status).toBe(2);
      expect(JSON.parse(r.stderr).error.message).toMatch(new RegExp(`${group} needs a command`));
    }
  });
});
