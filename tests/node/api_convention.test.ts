// The public API's one convention (docs/API.md, "Names"), checked against the declarations
// (worker/src/operations.ts) and the record types (worker/src/types.ts), so a new operation or
// field that breaks it fails here rather than in an adopter's code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { declarations } from '../../scripts/gen_operations.mjs';
import { ROOT } from './helpers.js';

const ops = declarations() as { name: string; kind: string; params: string; result: string }[];

/** The verbs an operation's name may start with. */
const VERBS = [
  'add',
  'approve',
  'backfill',
  'check',
  'claim',
  'close',
  'create',
  'delete',
  'download',
  'edit',
  'export',
  'import',
  'list',
  'open',
  'preview',
  'reject',
  'release',
  'rename',
  'save',
  'show',
  'update',
];
/** The reads over spans, named by what they answer (and the database's size). */
const READS = ['count', 'spans', 'facets', 'stats', 'span', 'databaseSize'];

/**
 * Fields of the JavaScript API itself (options, progress of a loop the client runs, the pieces it
 * pulls) and the one older spelling kept (`nextCursor`): the only camelCase record fields.
 */
const JS_FIELDS = [
  'fileName',
  'onProgress',
  'totalBytes',
  'csvFormulas',
  'fileDone',
  'reasoningDropped',
  'toolCallsWithoutTools',
  'waitForLock',
  'lockTimeoutMs',
  'workerUrl',
  'wasmUrl',
  'nextCursor',
];

/** The fields of the exported interfaces of a source, as `Interface.field`. */
function fields(file: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of readFileSync(join(ROOT, file), 'utf8').split('\n')) {
    const open = /^export interface (\w+)/.exec(line);
    if (open) current = open[1]!;
    else if (line === '}') current = '';
    const field = current ? /^ {2}(\w+)\??:/.exec(line) : null;
    if (field) out.push(`${current}.${field[1]}`);
  }
  return out;
}

describe('the API convention', () => {
  it('names every operation verb-first, or by what it reads', () => {
    expect(ops.length).toBeGreaterThan(40);
    const odd = ops
      .map((op) => op.name)
      .filter((name) => !READS.includes(name) && !VERBS.some((v) => new RegExp(`^${v}([A-Z]|$)`).test(name)));
    expect(odd).toEqual([]);
  });

  it('calls a filter `filter`, everywhere', () => {
    for (const op of ops) {
      for (const param of op.params.split(', ').filter((p) => p.includes('FilterSpec')))
        expect({ op: op.name, param }).toEqual({ op: op.name, param: param.replace(/^\w+/, 'filter') });
    }
    const filterFields = fields('worker/src/types.ts').filter((f) => /\.filters?$/.test(f));
    expect(filterFields.length).toBeGreaterThan(2);
    expect(filterFields.filter((f) => f.endsWith('.filters'))).toEqual([]);
  });

  it('answers every delete with Deleted and every listing of pages with a page and its cursor', () => {
    const deletes = ops.filter((op) => op.name.startsWith('delete'));
    expect(deletes.map((op) => op.name).sort()).toEqual(['deleteDataset', 'deleteReviewQueue', 'deleteRule']);
    for (const op of deletes) expect({ op: op.name, result: op.result }).toEqual({ op: op.name, result: 'Deleted' });
    const paged = ops.filter((op) => /\b(Page|SpansQuery)\b/.test(op.params));
    expect(paged.map((op) => op.name).sort()).toEqual(['listDatapoints', 'listReviewItems', 'spans']);
    for (const op of paged)
      expect({ op: op.name, page: op.result.endsWith('Page') }).toEqual({ op: op.name, page: true });
  });

  it('spells record fields in snake_case, but for the JavaScript options and progress', () => {
    const camel = [...fields('worker/src/types.ts'), ...fields('web/src/client.ts')].filter((f) =>
      /[A-Z]/.test(f.split('.')[1]!),
    );
    expect(camel.filter((f) => !JS_FIELDS.includes(f.split('.')[1]!))).toEqual([]);
  });

  it('echoes a created record’s name back as `name`', () => {
    const all = fields('worker/src/types.ts');
    for (const record of ['Dataset', 'ReviewQueue', 'DatasetReport', 'CaptureRule'])
      expect({ record, name: all.includes(`${record}.name`) }).toEqual({ record, name: true });
    expect(all.filter((f) => f === 'Dataset.dataset' || f === 'ReviewQueue.queue')).toEqual([]);
  });
});
