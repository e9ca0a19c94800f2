// How eagerly V8 optimises the engine's wasm code in a CLI process. Imported first by
// tracesift.ts, so it runs before the wasm module is compiled.
//
// Design note: V8 runs wasm first as baseline (Liftoff) code and recompiles a function with its
// optimising compiler (TurboFan) once the function has executed a budget of code. With the default
// budget a short command (count, rules list, ...) got SQLite's largest functions (the bytecode
// interpreter, the parser) recompiled: 0.3-0.5 s of CPU on background threads, which the process
// then waited for at exit, for code it never ran again. With a budget 500x larger a short command
// takes about 45% less CPU and 20% less time, and long commands lose nothing measurable: the
// functions that stay hot still get optimised (importing 600,000 spans: the same user CPU;
// docs/BENCHMARKS.md, "CLI start"). The library (`open({path})`) leaves its host's flags alone.
import { setFlagsFromString } from 'node:v8';

/** V8's tier-up budget of a wasm function (default 1,800,000; roughly bytes executed). */
export const WASM_TIERING_BUDGET = 1_000_000_000;

setFlagsFromString(`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`);
