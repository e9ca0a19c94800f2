// What the page starts before the UI code has even loaded (main.tsx): opening the engine on the
// saved database (its worker fetches and compiles the .wasm meanwhile) and, on a first start, the
// sample traces. The App takes each promise once; later calls (a hot reload) start afresh.
import { open, type TraceSift } from 'tracesift';
import { prefetchSamples } from './samples';

let engine: Promise<TraceSift> | null = null;
let samples: Promise<File> | null = null;

/** Starts both, once. */
export function startEarly(): void {
  if (engine) return;
  engine = open({ storage: 'opfs' });
  engine.catch(() => undefined); // the App reports it
  samples = prefetchSamples();
}

/** The early open's promise the first time, a new `open()` of the saved database afterwards. */
export function takeEngine(): Promise<TraceSift> {
  const started = engine ?? open({ storage: 'opfs' });
  engine = null;
  return started;
}

/** The prefetched samples (a first start), or null: fetch them when needed. */
export function takeSamples(): Promise<File> | null {
  const started = samples;
  samples = null;
  return started;
}
