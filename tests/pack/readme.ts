// The package README's runnable examples: each fenced code block that follows a
// `<!-- file: NAME -->` line is a file a user would save under that name, exactly as printed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The README of an installed copy of the package, in a scratch project. */
export function installedReadme(project: string): string {
  return readFileSync(join(project, 'node_modules/tracesift/README.md'), 'utf8');
}

/** The README's example files by name. */
export function readmeFiles(readme: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const m of readme.matchAll(/<!-- file: ([\w.-]+) -->\s*\n```\w*\n([\s\S]*?)\n```/g)) {
    if (files.has(m[1]!)) throw new Error(`the README names ${m[1]} twice`);
    files.set(m[1]!, m[2]! + '\n');
  }
  return files;
}

/** Writes the README's files called `names` into `dir`. */
export function writeReadmeFiles(readme: string, dir: string, names: string[]): void {
  const files = readmeFiles(readme);
  for (const name of names) {
    const text = files.get(name);
    if (text === undefined) throw new Error(`the README has no example file ${name}`);
    writeFileSync(join(dir, name), text);
  }
}
