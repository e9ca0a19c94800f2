// What a finished export left out, in plain words: the rows it rejected with their reasons (grouped,
// counted), and for the formats that convert rows to conversations the rows written without their
// reasoning parts and those that call tools but carry no tools list. Everything is rendered as
// text (reasons quote the data).
import { REASONS_SHOWN, type ExportReport } from './exportReport';
import { formatCount } from '../../common/format';
import styles from './datasets.module.css';

/** "1 row" / "2 rows". */
const rowsText = (n: number) => `${formatCount(n)} ${n === 1 ? 'row' : 'rows'}`;

/** The rejected rows: their count, then one line per reason. */
function Rejected({ report }: { report: ExportReport }) {
  const shown = report.reasons.slice(0, REASONS_SHOWN);
  const others = report.reasons.slice(REASONS_SHOWN);
  const otherRows = others.reduce((sum, r) => sum + r.rows, 0);
  return (
    <li data-export-note="rejected" class={report.rejected > 0 ? 'warn' : undefined}>
      <strong data-testid="export-rejected">{formatCount(report.rejected)}</strong>{' '}
      {report.rejected === 1 ? 'row' : 'rows'} rejected (not written)
      {report.rejected > report.listed &&
        ` — reasons of the first ${formatCount(report.listed)}, as the recipe lists them`}
      {shown.length > 0 && ':'}
      {shown.length > 0 && (
        <ul class={styles.exportReasons} aria-label="Rejected rows by reason">
          {shown.map((r) => (
            <li key={r.reason} data-testid="export-reason" data-rows={r.rows}>
              {rowsText(r.rows)}: {r.reason}
            </li>
          ))}
          {others.length > 0 && (
            <li class="muted">
              {rowsText(otherRows)} for {formatCount(others.length)} other reasons (listed in the recipe file)
            </li>
          )}
        </ul>
      )}
    </li>
  );
}

/** The report of one finished export; for jsonl and csv, which write every row, nothing. */
export function ExportReportView({ report }: { report: ExportReport }) {
  const { reasoningDropped: reasoning, toolCallsWithoutTools: calls } = report;
  const converts = reasoning !== undefined || calls !== undefined;
  if (!converts && report.rejected === 0) return null;
  return (
    <ul class={styles.exportReport} data-testid="export-report" aria-label="What the export left out">
      <Rejected report={report} />
      {reasoning && (
        <li data-export-note="reasoning-dropped">
          <strong data-testid="export-reasoning-dropped">{formatCount(reasoning.rows)}</strong>{' '}
          {reasoning.rows === 1 ? 'row' : 'rows'} written without their reasoning parts ({reasoning.reason})
        </li>
      )}
      {calls && (
        <li data-export-note="tool-calls-without-tools" class={calls.rows > 0 ? 'warn' : undefined}>
          <strong data-testid="export-tool-calls-without-tools">{formatCount(calls.rows)}</strong>{' '}
          {calls.rows === 1 ? 'row calls' : 'rows call'} tools but {calls.rows === 1 ? 'carries' : 'carry'} no tools
          list ({calls.reason})
        </li>
      )}
    </ul>
  );
}
