// What saving a dataset did: candidates, rows, the spans excluded by each leakage check, the
// overlap with the eval dataset, and the engine's warnings.
import type { DatasetReport } from 'tracesift';
import { LEAKAGE_CHECKS, LEAKAGE_LABELS } from './datasetForm';
import { formatCount, formatPercent } from '../../common/format';
import layout from '../../common/layout.module.css';
import styles from './datasets.module.css';

interface Props {
  report: DatasetReport;
  onDismiss: () => void;
}

function Stat({ name, n, label }: { name: string; n: number; label: string }) {
  return (
    <span data-stat={name}>
      <strong>{formatCount(n)}</strong> {label}
    </span>
  );
}

/** The report of the latest save. */
export function DatasetReportView({ report, onDismiss }: Props) {
  const { excluded } = report;
  return (
    <section class={styles.report} data-testid="dataset-report" aria-label="Dataset report">
      <div class={layout.panelHead}>
        <h3>
          Saved {report.type} dataset <span class={layout.datasetName}>{report.name}</span>
        </h3>
        <button type="button" class="button subtle" onClick={onDismiss} aria-label="Dismiss the dataset report">
          Dismiss
        </button>
      </div>
      <div class={layout.stats}>
        <Stat name="candidates" n={report.candidates} label="candidates" />
        <Stat name="rows" n={report.rows} label="rows" />
        {report.type === 'training' && <Stat name="excluded" n={excluded.total} label="excluded" />}
        {report.type === 'training' && (
          <span data-stat="overlap">
            <strong>{formatPercent(report.overlap_ratio)}</strong> overlap
          </span>
        )}
      </div>
      {report.type === 'training' && (
        <ul class={styles.exclusions} aria-label="Excluded by check">
          {LEAKAGE_CHECKS.map((check) => (
            <li key={check} data-excluded={check}>
              <strong>{formatCount(excluded[check])}</strong> {LEAKAGE_LABELS[check].toLowerCase()}
            </li>
          ))}
        </ul>
      )}
      {report.warnings.length > 0 && (
        <ul class={styles.warnings}>
          {report.warnings.map((w) => (
            <li key={w} class="warn" data-testid="dataset-warning">
              {w}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
