// The collapsible chart strip above the span table: spans, tokens and cost over time for the
// current filter, each split by the top models (and "other"), with the bucket size and totals.
// Queried through useStats only while shown; every engine error is shown in the strip.
import { useMemo, useState } from 'preact/hooks';
import type { FilterSpec } from 'tracesift';
import { MEASURE_TITLES, chartData, type Measure } from './chartSeries';
import { formatCost, formatCount } from '../../common/format';
import { TimeChart } from './TimeChart';
import { useStats } from './useStats';
import { cx } from '../../common/cx';
import styles from './charts.module.css';

const MEASURES: readonly Measure[] = ['spans', 'tokens', 'cost'];
const STORAGE_KEY = 'tracesift.charts.open';

/** Short numbers for axes and legends: 950, 12.3k, 4.5M. */
function compact(n: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

/** Dollars for axes and legends, precise enough for small per-bucket sums. */
function dollars(n: number): string {
  return n === 0 ? '$0' : formatCost(n);
}

const FORMATS: Record<Measure, (n: number) => string> = { spans: compact, tokens: compact, cost: dollars };

interface Props {
  filter: FilterSpec;
  /** False while the page is hidden: nothing is queried. */
  visible: boolean;
}

function savedOpen(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) !== 'false';
  } catch {
    return true;
  }
}

/** The chart strip. */
export function SpanCharts({ filter, visible }: Props) {
  const [open, setOpen] = useState(savedOpen);
  const { stats, error, answered, loading } = useStats(filter, open && visible);
  const data = useMemo(
    () => (stats ? Object.fromEntries(MEASURES.map((m) => [m, chartData(stats, m)])) : null),
    [stats],
  ) as Record<Measure, ReturnType<typeof chartData>> | null;
  const toggle = () => {
    setOpen(!open);
    try {
      localStorage.setItem(STORAGE_KEY, String(!open));
    } catch {
      // Storage refused: the choice lasts until the page is closed.
    }
  };
  return (
    <section
      class={cx(styles.spanCharts, loading && styles.isLoading)}
      aria-label="Charts"
      data-testid="charts"
      data-filter={answered ?? ''}
    >
      <div class={styles.head}>
        <button
          type="button"
          class={`button subtle ${styles.toggle}`}
          aria-expanded={open}
          aria-controls="charts-body"
          data-testid="charts-toggle"
          onClick={toggle}
        >
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> Charts
        </button>
        {open && stats && stats.bucket && (
          <span class={`muted ${styles.summary}`} data-testid="charts-summary">
            per {stats.bucket} · {formatCount(stats.total.spans)} spans ·{' '}
            {formatCount(stats.total.input_tokens + stats.total.output_tokens)} tokens · {dollars(stats.total.cost_usd)}
            {stats.total.failed > 0 && ` · ${formatCount(stats.total.failed)} failed`}
          </span>
        )}
      </div>
      {open && (
        <div id="charts-body">
          {error ? (
            <p class={`${styles.message} error-text`} role="alert" data-testid="charts-error">
              {error.code === 'invalid_filter'
                ? 'No charts: the query could not be read (see the query box).'
                : `The charts could not be drawn: ${error.message}`}
            </p>
          ) : stats && stats.buckets.length === 0 ? (
            <p class={`${styles.message} muted`}>No spans to chart.</p>
          ) : data ? (
            <div class={styles.grid}>
              {MEASURES.map((m) => (
                <TimeChart
                  key={m}
                  title={MEASURE_TITLES[m]}
                  data={data[m]}
                  format={FORMATS[m]}
                  syncKey="span-charts"
                  testId={`chart-${m}`}
                />
              ))}
            </div>
          ) : (
            <p class={`${styles.message} muted`}>Loading charts…</p>
          )}
        </div>
      )}
    </section>
  );
}
