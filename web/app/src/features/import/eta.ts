// The time left of an import: the byte rate measured between progress events, smoothed with an
// exponential moving average, and the estimate it gives. Pure: no DOM, no state.

/** Weight of the newest rate sample; the rest comes from the previous smoothed rate. */
export const RATE_SMOOTHING = 0.3;

/** What the meter knows after the latest progress event. */
export interface RateMeter {
  /** performance.now() of the latest sample. */
  at: number;
  /** Bytes read at that moment. */
  bytes: number;
  /** Smoothed bytes per second, or null before the first measurable sample. */
  rate: number | null;
}

/** A meter for an import that started at `at` (no bytes read yet). */
export function startMeter(at: number): RateMeter {
  return { at, bytes: 0, rate: null };
}

/** The meter after a progress event saying `bytes` were read by `at`. */
export function sampleMeter(meter: RateMeter, bytes: number, at: number): RateMeter {
  const seconds = (at - meter.at) / 1000;
  if (seconds <= 0 || bytes <= meter.bytes) return meter;
  const instant = (bytes - meter.bytes) / seconds;
  const rate = meter.rate === null ? instant : RATE_SMOOTHING * instant + (1 - RATE_SMOOTHING) * meter.rate;
  return { at, bytes, rate };
}

/** Seconds left to read `totalBytes` at the meter's rate, or null while the rate is unknown. */
export function etaSeconds(meter: RateMeter, totalBytes: number): number | null {
  if (meter.rate === null || meter.rate <= 0) return null;
  return Math.max(0, (totalBytes - meter.bytes) / meter.rate);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An estimate as people read it: "—" (unknown), "< 1 s", "42 s", "3 m 05 s", "1 h 02 m". */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  if (seconds < 1) return '< 1 s';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} m ${pad(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${pad(Math.floor(s / 60) % 60)} m`;
}
