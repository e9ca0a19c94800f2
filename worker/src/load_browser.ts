// Instantiates the wasm module in a browser (worker) context; bundlers see the .wasm URL below
// and ship it as an asset of the same origin.
import createTraceSiftModule, { type TraceSiftModule } from '../../wasm/tracesift_engine.mjs';

/** The module, fetched from the same origin as this script. */
export function loadBrowserModule(): Promise<TraceSiftModule> {
  const wasmUrl = new URL('../../wasm/tracesift_engine.wasm', import.meta.url).href;
  return createTraceSiftModule({ locateFile: () => wasmUrl });
}
