// The worker's handler table: protocol messages -> the synchronous EngineApi.
import type { TraceSiftModule } from '../../wasm/tracesift_engine.mjs';
import type { Handlers } from './dispatcher.js';
import { EngineApi } from './engine_api.js';
import { TraceSiftError } from './errors.js';

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
    spans: ({ filter, limit, offset }) => {
      const bytes = live().spansBytes(filter, { limit, offset });
      // The module returns a fresh Uint8Array over its own buffer: transfer that buffer whole.
      return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? (bytes.buffer as ArrayBuffer)
        : (bytes.slice().buffer as ArrayBuffer);
    },
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
