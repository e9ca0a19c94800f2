// The chart strip's data: a SpanStats answer as one series per top model (and "other") for each
// measure, over the bucket start times. Pure, no DOM: TimeChart hands these arrays to uPlot.
import type { SpanStats, StatsPoint } from 'tracesift';

/** What a chart plots per bucket. */
export type Measure = 'spans' | 'tokens' | 'cost';

/** Titles of the charts. */
export const MEASURE_TITLES: Record<Measure, string> = {
  spans: 'Spans',
  tokens: 'Tokens',
  cost: 'Cost (USD)',
};

/** The label of a model series; spans without a model are "(no model)". */
export const NO_MODEL = '(no model)';
/** The label of the summed models after the top ones. */
export const OTHER = 'other';

/** One measure over time: x in Unix seconds, one y array per series. */
export interface ChartData {
  /** Bucket starts, Unix seconds. */
  x: number[];
  series: { label: string; values: number[] }[];
}

/** A measure's value of one bucket. */
export function measureOf(point: StatsPoint, measure: Measure): number {
  if (measure === 'spans') return point.spans;
  if (measure === 'tokens') return point.input_tokens + point.output_tokens;
  return point.cost_usd;
}

/**
 * The series of one measure: a series per top model and one for the other models, or a single
 * "all spans" series when the answer has no model split.
 */
export function chartData(stats: SpanStats, measure: Measure): ChartData {
  const x = stats.buckets.map((b) => Date.parse(b.start) / 1000);
  const series: ChartData['series'] = [];
  if (stats.models) {
    for (const m of stats.models)
      series.push({ label: m.model ?? NO_MODEL, values: m.buckets.map((p) => measureOf(p, measure)) });
    if (stats.other) series.push({ label: OTHER, values: stats.other.buckets.map((p) => measureOf(p, measure)) });
  } else {
    series.push({ label: 'all spans', values: stats.buckets.map((p) => measureOf(p, measure)) });
  }
  return { x, series };
}
