// Instantiates the wasm module in a browser (worker) context; bundlers see the .wasm URL below
// and ship it as an asset of the same origin. The .wasm is fetched here, not by emscripten, so a
// file that is missing or is not WebAssembly rejects with its URL and what the server answered.
import createTraceSiftModule, { type TraceSiftModule } from '../../wasm/tracesift_engine.mjs';
import { TraceSiftError } from './errors.js';
import { answered, loadFailure, type Served } from './load_failure.js';

/** The first bytes of every WebAssembly binary: "\0asm". */
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** The module, fetched from `wasmUrl` (an absolute URL; default: the package's .wasm beside this script). */
export function loadBrowserModule(wasmUrl?: string): Promise<TraceSiftModule> {
  const url = wasmUrl ?? new URL('../../wasm/tracesift_engine.wasm', import.meta.url).href;
  return compileWasm(url).then(
    (compiled) =>
      new Promise<TraceSiftModule>((resolve, reject) => {
        createTraceSiftModule({
          locateFile: () => url,
          instantiateWasm: (imports, receive) => {
            WebAssembly.instantiate(compiled, imports).then((instance) => receive(instance, compiled), reject);
            return {};
          },
        }).then(resolve, (e: unknown) => reject(TraceSiftError.from(e)));
      }),
  );
}

/**
 * The compiled .wasm at `url`; rejects with "worker_failed" (details: url, status, content_type,
 * hint) when it cannot be fetched, the server answers an error, or the bytes are not WebAssembly.
 * Streaming compilation when it is served as application/wasm; any other type is read whole.
 */
async function compileWasm(url: string): Promise<WebAssembly.Module> {
  const failed = (served: Served, what: string) => loadFailure('wasm', url, served, what, import.meta.url);
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (e) {
    const served = { fetch_error: e instanceof Error ? e.message : String(e) };
    throw failed(served, `the engine's .wasm could not be loaded: ${url} ${answered(served)}`);
  }
  const served: Served = { status: response.status, content_type: response.headers.get('content-type') ?? '' };
  if (!response.ok) throw failed(served, `the engine's .wasm could not be loaded: ${url} ${answered(served)}`);
  try {
    if (/^application\/wasm\b/i.test(served.content_type ?? '')) return await WebAssembly.compileStreaming(response);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (!WASM_MAGIC.every((b, i) => bytes[i] === b)) {
      const start = new TextDecoder().decode(bytes.subarray(0, 16)).replace(/\s+/g, ' ').trim();
      throw failed(
        served,
        `the engine's .wasm at ${url} is not WebAssembly: it ${answered(served)}, starting ${JSON.stringify(start)}`,
      );
    }
    return await WebAssembly.compile(bytes);
  } catch (e) {
    if (e instanceof TraceSiftError) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw failed(served, `the engine's .wasm at ${url} could not be compiled (it ${answered(served)}): ${reason}`);
  }
}
