// The synchronous EngineApi over the real wasm module under node.
import { beforeAll, describe, expect, it } from 'vitest';
import { EngineApi } from '../../dist/worker/src/engine_api.js';
import { TraceSiftError } from '../../dist/worker/src/errors.js';
import { loadNodeModule } from '../../dist/worker/src/load_node.js';
import type { TraceSiftModule } from '../../wasm/tracesift_engine.mjs';
import { spanLine } from './helpers.js';

let module: TraceSiftModule;
beforeAll(async () => {
  module = await loadNodeModule();
});

function importText(api: EngineApi, text: string, chunk = 5) {
  const bytes = new TextEncoder().encode(text);
  const handle = api.importBegin('mem.jsonl');
  for (let i = 0; i < bytes.length; i += chunk) api.importChunk(handle, bytes.subarray(i, i + chunk));
  return api.importFinish(handle);
}

describe('EngineApi', () => {
  it('imports chunked bytes, counts and filters', async () => {
    const api = new EngineApi(module, ':memory:');
    const text = [
      spanLine('a'),
      spanLine('b', { model: 'claude-haiku-4-5', provider: 'Anthropic' }),
      spanLine('c', { status: 'failed', error: 'boom' }),
    ].join('\n');
    const report = importText(api, text);
    expect(report).toMatchObject({ format: 'native', read: 3, imported: 3, errors: [] });
    expect(api.count()).toBe(3);
    expect(api.count({ provider: 'anthropic' })).toBe(1);
    expect(api.count({ status: 'failed' })).toBe(1);
    const { spans } = api.spans({ model: 'gpt-4o' }, { limit: 10 });
    expect(spans.map((s) => s.span_id).sort()).toEqual(['a', 'c']);
    expect(spans.find((s) => s.span_id === 'c')).toMatchObject({ status: 'failed', error: 'boom' });
    api.close();
  });

  it('keeps multi-byte UTF-8 split across chunks intact', async () => {
    const api = new EngineApi(module, ':memory:');
    const name = 'résumé — 要約 😀';
    importText(api, spanLine('u', { name }), 1);
    expect(api.spans().spans[0]!.name).toBe(name);
    api.close();
  });

  it('rejects an invalid filter with a TraceSiftError naming the key', async () => {
    const api = new EngineApi(module, ':memory:');
    let caught: unknown;
    try {
      api.count({ min_cost: -1 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TraceSiftError);
    expect(caught).toMatchObject({ code: 'invalid_filter', details: { field: 'min_cost' } });
    api.close();
  });

  it('fails clearly after close, and on an unknown import handle', async () => {
    const api = new EngineApi(module, ':memory:');
    expect(() => api.importChunk(42, new Uint8Array(1))).toThrowError(/no open import/);
    api.close();
    api.close(); // idempotent
    expect(() => api.count()).toThrowError(/closed/);
  });
});
