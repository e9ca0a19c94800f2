// Fresh projects for the pack tests: a temp folder with a package.json, the packed tarball (and
// whatever else it needs) installed into it, and commands run in it.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The runnable examples of docs/API.md, which the pack tests run. */
export const EXAMPLES = join(ROOT, 'docs/examples');

/** Runs a command in `cwd`; throws with its output if it fails. */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const r: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    // Design note: third-party packages (vite for the scratch app) come from the local npm cache
    // when it has them and from the registry otherwise; an offline install needs registry metadata
    // that only a cache used by an earlier install holds (ENOTCACHED on a fresh machine).
    env: { ...process.env, npm_config_prefer_offline: 'true', ...env },
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${r.status ?? r.signal}) in ${cwd}:\n${r.stdout}\n${r.stderr}`,
    );
  }
  return r.stdout;
}

/**
 * A new project folder (inside `parent`) with `packages` installed: the tarball needs nothing else
 * (the package has no dependencies); other packages come from the npm cache, else the registry.
 */
export function scratchProject(parent: string, name: string, packages: string[]): string {
  const dir = mkdtempSync(join(parent, `${name}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }, null, 2));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...packages], dir);
  return dir;
}

/** Copies examples (paths under docs/examples) into `dir`, each under its own name or `as`. */
export function copyExample(dir: string, example: string, as = basename(example)): string {
  const target = join(dir, as);
  copyFileSync(join(EXAMPLES, example), target);
  return target;
}

/** The version of a package installed in the repository (so the scratch app uses the same vite). */
export function repoVersion(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version;
}
