// The rejected lines of one imported file as a table: where (file:line), the field the message
// names, and the engine's message, as text. Long lists show the first rows with "Show all".
import { useState } from 'preact/hooks';
import type { ImportReport } from 'tracesift';
import { formatCount } from '../../common/format';
import styles from './import.module.css';

/** Rows shown before "Show all". */
export const FIRST_ERRORS = 25;

interface Props {
  report: ImportReport;
}

/** The table of one file's line errors (the engine keeps the first 1,000 of them). */
export function ImportErrorTable({ report }: Props) {
  const [all, setAll] = useState(false);
  const shown = all ? report.errors : report.errors.slice(0, FIRST_ERRORS);
  return (
    <div class={styles.errors}>
      {/* Focusable, so the list scrolls from the keyboard too. */}
      <div
        class={styles.errorsScroll}
        tabIndex={0}
        role="region"
        aria-label={`Rejected lines of ${report.errors[0]?.file ?? 'the file'}`}
      >
        <table class={styles.errorTable} aria-label="Rejected lines">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Field</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr key={`${e.file}:${e.line}`} data-testid="import-error">
                <td class={styles.where}>
                  <code>
                    {e.file}:{e.line}
                  </code>
                </td>
                <td class={styles.fieldName}>{e.field || '—'}</td>
                <td class={styles.message}>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class={`${styles.errorsFoot} muted`}>
        {report.errors.length > FIRST_ERRORS && (
          <button type="button" class="button subtle" aria-expanded={all} onClick={() => setAll(!all)}>
            {all ? `Show the first ${FIRST_ERRORS}` : `Show all ${formatCount(report.errors.length)} listed`}
          </button>
        )}
        {report.error_count > report.errors.length && (
          <span data-testid="import-errors-truncated">
            The engine keeps the first {formatCount(report.errors.length)} of {formatCount(report.error_count)} errors
            of a file.
          </span>
        )}
      </div>
    </div>
  );
}
