// A trace's spans as an indented timeline for the drawer: depth-first order (children by start
// time under their parent), each span's depth, and where its duration bar sits on the trace's time
// span. Pure, no DOM.
import type { TraceSpanSummary } from 'tracesift';
import { parseTimestamp } from '../../common/format';

/** One line of the timeline. */
export interface TraceLine {
  span: TraceSpanSummary;
  /** 0 for a root (or a span whose parent is not in the list). */
  depth: number;
  /** Bar start and width as fractions (0..1) of the trace's time span. */
  left: number;
  width: number;
}

/** The deepest indentation drawn; deeper spans line up at this depth. */
export const MAX_DEPTH = 12;

/** The timeline of `spans` (in the engine's start order). */
export function traceLines(spans: readonly TraceSpanSummary[]): TraceLine[] {
  const ids = new Set(spans.map((s) => s.span_id));
  const children = new Map<string | null, TraceSpanSummary[]>();
  for (const s of spans) {
    const parent = s.parent_span_id !== null && ids.has(s.parent_span_id) ? s.parent_span_id : null;
    const list = children.get(parent) ?? [];
    list.push(s);
    children.set(parent, list);
  }
  const starts = spans.map((s) => parseTimestamp(s.started_at)).filter(Number.isFinite);
  const ends = spans.map((s) => parseTimestamp(s.ended_at ?? s.started_at)).filter(Number.isFinite);
  const t0 = starts.length ? Math.min(...starts) : 0;
  const t1 = Math.max(t0, ...ends);
  const range = t1 - t0;

  const lines: TraceLine[] = [];
  const seen = new Set<string>();
  const visit = (s: TraceSpanSummary, depth: number) => {
    if (seen.has(s.span_id)) return; // a cycle in the parent links: show each span once
    seen.add(s.span_id);
    const start = parseTimestamp(s.started_at);
    const end = s.ended_at ? parseTimestamp(s.ended_at) : start;
    const left = range > 0 && Number.isFinite(start) ? (start - t0) / range : 0;
    const width = range > 0 && Number.isFinite(end) ? Math.max(0, end - start) / range : 1;
    lines.push({ span: s, depth: Math.min(depth, MAX_DEPTH), left, width: Math.min(width, 1 - left) });
    for (const child of children.get(s.span_id) ?? []) visit(child, depth + 1);
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  // Spans only reachable through a cycle.
  for (const s of spans) visit(s, 0);
  return lines;
}
