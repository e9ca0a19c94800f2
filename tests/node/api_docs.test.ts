// docs/API.md keeps step with the package: every export of the entry (web/src/index.ts) and every
// TraceSift method has its section, every error code its row, nothing documented is gone, and the
// generated records section is what scripts/api_docs.mjs writes from the sources today.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as entry from '../../dist/web/src/index.js';
import { API_MD, updatedApiMd } from '../../scripts/api_docs.mjs';
import { ROOT } from './helpers.js';

const doc = readFileSync(API_MD, 'utf8');
const source = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Names in `export type { A, B } from` and `export type * from` lines of the entry, followed. */
function typeExports(): string[] {
  const names: string[] = [];
  const index = source('web/src/index.ts');
  for (const m of index.matchAll(/^export type \{([^}]+)\} from/gm))
    names.push(...m[1]!.split(',').map((s) => s.trim()));
  expect(index).toMatch(/^export type \* from '..\/..\/worker\/src\/types.js';$/m);
  const types = source('worker/src/types.ts');
  for (const m of types.matchAll(/^export (?:interface|type) (\w+)/gm)) names.push(m[1]!);
  for (const m of types.matchAll(/^export type \{([^}]+)\} from/gm))
    names.push(...m[1]!.split(',').map((s) => s.trim()));
  return names.filter((n) => n !== '');
}

/** Names that have a "## `Name`" to "#### `Name`" heading (a call's parentheses aside). */
const headings = [...doc.matchAll(/^#{2,4} `([\w.]+)/gm)].map((m) => m[1]!);

/** The constant unions documented beside their constant rather than under their own heading. */
const CONSTANT_UNIONS = {
  ErrorCode: 'ERROR_CODES',
  ImportFormat: 'IMPORT_FORMATS',
  SpanKind: 'SPAN_KINDS',
  SpanStatus: 'SPAN_STATUSES',
};

describe('docs/API.md', () => {
  it('has a section for every value and type the package exports', () => {
    const values = Object.keys(entry);
    expect(values.length).toBeGreaterThan(5);
    for (const name of values)
      expect({ name, documented: headings.includes(name) }).toEqual({ name, documented: true });
    for (const name of typeExports()) {
      const documented =
        name in CONSTANT_UNIONS ? doc.includes(`\`${name}\` is their union type`) : headings.includes(name);
      expect({ name, documented }).toEqual({ name, documented: true });
    }
  });

  it('has a section for every method of TraceSift, and documents nothing that is gone', () => {
    const methods = Object.getOwnPropertyNames(entry.TraceSift.prototype).filter((m) => m !== 'constructor');
    const documented = headings.filter((h) => h.startsWith('ts.')).map((h) => h.slice(3));
    const properties = ['version', 'storage']; // set by the constructor, not on the prototype
    expect(documented.filter((m) => !properties.includes(m)).sort()).toEqual(methods.sort());
    for (const p of properties) expect(documented).toContain(p);
    const exported = new Set([...Object.keys(entry), ...typeExports()]);
    const stale = headings.filter((h) => !h.startsWith('ts.') && !exported.has(h));
    expect(stale).toEqual([]);
  });

  it('lists every error code the API can reject with', () => {
    for (const code of [...entry.ERROR_CODES, 'aborted', 'closed', 'worker_failed']) {
      expect({ code, row: doc.includes(`\n| \`${code}\` |`) }).toEqual({ code, row: true });
    }
  });

  it('shows the records as the TypeScript sources declare them today', () => {
    expect(updatedApiMd(doc) === doc, 'run `node scripts/api_docs.mjs` to bring docs/API.md up to date').toBe(true);
  });
});
