// Pure formatting of span fields, import and dataset numbers for display. No DOM, no state: every function
// takes a value and returns the text a person reads.

/** Shown where a value is missing. */
export const NONE = '—';

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Milliseconds since the epoch (with a fractional part) of an RFC 3339 timestamp, or NaN.
 *
 * Design note: the engine keeps up to nanosecond precision, which Date.parse does not promise to
 * accept, so the fraction is split off and added back by hand.
 */
export function parseTimestamp(value: string): number {
  const m = TIMESTAMP.exec(value);
  if (!m) return Number.NaN;
  const whole = Date.parse(`${m[1]}${m[3]!.toUpperCase()}`);
  const fraction = m[2] ? Number(`0.${m[2]}`) * 1000 : 0;
  return whole + fraction;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A timestamp in the viewer's local time: "2025-05-01 14:00:00.123". */
export function formatLocalTime(value: string): string {
  const ms = parseTimestamp(value);
  if (Number.isNaN(ms)) return value;
  const d = new Date(Math.floor(ms));
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
  );
}

/** The time between two timestamps: "850 ms", "1.75 s", "2 m 05 s"; NONE while running. */
export function formatDuration(startedAt: string, endedAt: string | null): string {
  if (!endedAt) return NONE;
  const ms = parseTimestamp(endedAt) - parseTimestamp(startedAt);
  if (!Number.isFinite(ms) || ms < 0) return NONE;
  if (ms < 1) return '< 1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} m ${pad(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${pad(Math.floor(s / 60) % 60)} m`;
}

/** Input + output tokens (nulls count as 0), or NONE when both are unknown. */
export function formatTokens(input: number | null, output: number | null): string {
  if (input === null && output === null) return NONE;
  return formatCount((input ?? 0) + (output ?? 0));
}

/** A cost in US dollars: "$0.00199", "$1.25"; NONE when unknown. */
export function formatCost(usd: number | null): string {
  if (usd === null) return NONE;
  if (usd === 0) return '$0';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  if (usd < 1e-6) return '<$0.000001';
  // Three significant digits keep small per-call costs readable.
  return `$${Number(usd.toPrecision(3))}`;
}

/** An integer with thousands separators. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A byte size: "512 B", "3.4 KB", "12.0 MB". */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} KB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(2)} GB`;
}

/** A rate per second, or NONE when too little time has passed to measure. */
export function formatRate(amount: number, seconds: number, unit: 'bytes' | 'spans'): string {
  if (seconds < 0.05) return NONE;
  const perSecond = amount / seconds;
  return unit === 'bytes' ? `${formatBytes(Math.round(perSecond))}/s` : `${formatCount(Math.round(perSecond))} spans/s`;
}

/** A ratio as a percentage: "0%", "4.2%", "47.3%", "100%". */
export function formatPercent(ratio: number): string {
  const percent = (ratio * 100).toFixed(1);
  return `${percent.endsWith('.0') ? percent.slice(0, -2) : percent}%`;
}
