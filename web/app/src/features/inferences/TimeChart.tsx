// One uPlot chart of a measure over time, a line per series (top models and "other"), with uPlot's
// legend showing each series' value under the cursor. Colours come from the theme's --chart-*
// variables (light and dark); the chart follows its container's width and a change of theme.
import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartData } from './chartSeries';
import { OTHER } from './chartSeries';
import styles from './charts.module.css';

/** Height of the plotting area and axes (px); the legend comes below. */
const HEIGHT = 120;
/** Theme variables of the series colours, in order; "other" has its own. */
const PALETTE = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6'];

interface Props {
  title: string;
  data: ChartData;
  /** Formats a value for the legend and the y axis. */
  format: (value: number) => string;
  /** Cursors of charts with the same key move together. */
  syncKey: string;
  testId: string;
}

const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/** Bumps when the colour scheme changes, so charts take the new theme's colours. */
function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const query = matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => setVersion((v) => v + 1);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return version;
}

// uPlot is loaded on first use, in its own chunk: the first paint does not wait for it.
let uplot: Promise<typeof uPlot> | null = null;
const loadUPlot = () => (uplot ??= import('uplot').then((m) => m.default));

/** A time series chart. */
export function TimeChart({ title, data, format, syncKey, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const theme = useThemeVersion();

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const text = cssVar('--muted');
    const grid = cssVar('--border');
    const colour = (label: string, i: number) =>
      cssVar(label === OTHER ? '--chart-other' : PALETTE[i % PALETTE.length]!) || text;
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const options: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      cursor: { sync: { key: syncKey }, drag: { x: false, y: false }, points: { size: 6 } },
      legend: { live: true },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] } },
      axes: [
        axis,
        { ...axis, size: 60, space: 24, values: (_u, values) => values.map((v) => (v === null ? '' : format(v))) },
      ],
      series: [
        { label: 'Time' },
        ...data.series.map((s, i) => ({
          label: s.label,
          stroke: colour(s.label, i),
          width: 1.5,
          points: { show: false },
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : format(v)),
        })),
      ],
    };
    let chart: uPlot | null = null;
    let disposed = false;
    const observer = new ResizeObserver(() => {
      const width = el.clientWidth;
      if (chart && width > 0 && Math.abs(width - chart.width) > 1) chart.setSize({ width, height: HEIGHT });
    });
    void loadUPlot().then((UPlot) => {
      if (disposed) return;
      chart = new UPlot(options, [data.x, ...data.series.map((s) => s.values)], el);
      observer.observe(el);
    });
    return () => {
      disposed = true;
      observer.disconnect();
      chart?.destroy();
    };
  }, [data, theme]);

  return (
    <figure class={styles.timeChart} data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={box} class={styles.plot} />
    </figure>
  );
}
