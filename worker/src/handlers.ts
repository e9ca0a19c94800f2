// The worker's handler table: protocol messages -> the synchronous EngineApi.
import type { TraceSiftModule } from '../../wasm/tracesift_engine.mjs';
import type { Handlers } from './dispatcher.js';
import { EngineApi } from './engine_api.js';
import { TraceSiftError } from './errors.js';

/**
 * The buffer of bytes the module returned, to transfer. The module returns a fresh Uint8Array
 * over its own buffer: that buffer goes whole; a view into a larger one is copied first.
 */
function transferable(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.slice().buffer as ArrayBuffer);
}

/** Builds the handlers over a lazily loaded module. One database is open at a time. */
export function createHandlers(loadModule: () => Promise<TraceSiftModule>): Handlers {
  let api: EngineApi | null = null;
  const live = (): EngineApi => {
    if (!api) throw new TraceSiftError('closed', 'no database is open; call open() first');
    return api;
  };
  return {
    async open({ path }) {
      const module = await loadModule();
      api?.close();
      api = new EngineApi(module, path);
      return { version: api.version };
    },
    count: ({ filter }) => live().count(filter),
    spans: ({ filter, query }) => {
      const page = live().spansBytes(filter, query);
      return { bytes: transferable(page.bytes), nextCursor: page.nextCursor };
    },
    facets: ({ filter }) => live().facets(filter),
    stats: ({ filter, options }) => live().stats(filter, options),
    span: ({ spanId }) => live().span(spanId),
    addRule: ({ rule }) => live().addRule(rule),
    listRules: ({ dataset }) => live().listRules(dataset),
    updateRule: ({ id, patch }) => live().updateRule(id, patch),
    deleteRule: ({ id }) => live().deleteRule(id),
    backfillRule: ({ id }) => live().backfillRule(id),
    previewRule: ({ rule }) => live().previewRule(rule),
    previewRuleUpdate: ({ id, patch }) => live().previewRuleUpdate(id, patch),
    createDataset: ({ dataset }) => live().createDataset(dataset),
    listDatasets: () => live().listDatasets(),
    saveDataset: ({ request }) => live().saveDataset(request),
    previewDataset: ({ request }) => live().previewDataset(request),
    showDataset: ({ name }) => live().showDataset(name),
    renameDataset: ({ name, newName }) => live().renameDataset(name, newName),
    deleteDataset: ({ name }) => live().deleteDataset(name),
    addDatapoints: ({ name, spanIds }) => live().addDatapoints(name, spanIds),
    exportBegin: ({ name, format }) => live().exportBegin(name, format),
    exportNext: ({ handle }) => {
      const piece = live().exportNext(handle);
      return { ...piece, bytes: transferable(piece.bytes) };
    },
    exportClose: ({ handle }) => {
      live().exportClose(handle);
      return null;
    },
    datasetRows: ({ name, limit, offset }) => transferable(live().datasetRowsBytes(name, { limit, offset })),
    importBegin: ({ fileName, format }) => ({ handle: live().importBegin(fileName, format) }),
    importChunk: ({ handle, bytes }) => live().importChunk(handle, new Uint8Array(bytes)),
    importFinish: ({ handle }) => live().importFinish(handle),
    importCancel: ({ handle }) => live().importCancel(handle),
    close: () => {
      api?.close();
      api = null;
      return null;
    },
  };
}
