// The downloadable error report of an import batch: one record per rejected line (file, line,
// field, code, message) and per file that failed as a whole, as CSV or JSONL. Pure: no DOM.
// Line errors carry the engine's code (invalid_json, invalid_field, invalid_record, too_large) and
// the field path the message names; a file that failed as a whole has the engine's error code.
import type { ImportOutcome } from './useImporter';

/** The engine keeps this many line errors per file (the report's `errors`); `error_count` has all. */
export const KEPT_ERRORS = 1000;

/** The formats the report is offered in. */
export const ERROR_REPORT_FORMATS = ['csv', 'jsonl'] as const;
/** One of them. */
export type ErrorReportFormat = (typeof ERROR_REPORT_FORMATS)[number];

/** One record of the report. */
export interface ErrorRecord {
  file: string;
  /** The line number, or null for a file that failed as a whole. */
  line: number | null;
  /** The span field the message names, or "" when it names none. */
  field: string;
  code: string;
  message: string;
}

/** A file whose report lists fewer errors than it had. */
export interface Truncation {
  file: string;
  listed: number;
  total: number;
}

/** Every record of a batch, file by file, and the files whose errors were cut at KEPT_ERRORS. */
export function errorRecords(outcomes: readonly ImportOutcome[]): {
  records: ErrorRecord[];
  truncated: Truncation[];
} {
  const records: ErrorRecord[] = [];
  const truncated: Truncation[] = [];
  for (const { fileName, report, error } of outcomes) {
    if (error && error.code !== 'aborted') {
      records.push({ file: fileName, line: null, field: '', code: error.code, message: error.message });
    }
    if (!report) continue;
    for (const e of report.errors) {
      records.push({
        file: e.file,
        line: e.line,
        field: e.field ?? '',
        code: e.code,
        message: e.message,
      });
    }
    if (report.error_count > report.errors.length) {
      truncated.push({ file: fileName, listed: report.errors.length, total: report.error_count });
    }
  }
  return { records, truncated };
}

/** The sentence about a file whose errors were cut. */
export function truncationNote(t: Truncation): string {
  return `only the first ${t.listed.toLocaleString('en-US')} of ${t.total.toLocaleString('en-US')} errors of ${t.file} are listed`;
}

const COLUMNS = ['file', 'line', 'field', 'code', 'message'] as const;

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * CSV (RFC 4180, CRLF): the header `file,line,field,code,message`, then one `truncated` record per
 * file whose errors were cut (no line; the message says how many of how many are listed), then the
 * errors.
 */
export function errorReportCsv(outcomes: readonly ImportOutcome[]): string {
  const { records, truncated } = errorRecords(outcomes);
  const rows: string[][] = [[...COLUMNS]];
  for (const t of truncated) rows.push([t.file, '', '', 'truncated', truncationNote(t)]);
  for (const r of records) rows.push([r.file, r.line === null ? '' : String(r.line), r.field, r.code, r.message]);
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * JSONL: a first line `{"files": [...], "truncated": [...], "note": ...}` saying which files were
 * imported and whose errors were cut, then one `{"file","line","field","code","message"}` a line.
 */
export function errorReportJsonl(outcomes: readonly ImportOutcome[]): string {
  const { records, truncated } = errorRecords(outcomes);
  const head = {
    files: outcomes.map((o) => ({ file: o.fileName, error_count: o.report?.error_count ?? 0 })),
    truncated,
    note:
      truncated.length > 0
        ? `${truncated.map(truncationNote).join('; ')} (the engine keeps the first ${KEPT_ERRORS.toLocaleString('en-US')} a file)`
        : 'every rejected line is listed',
  };
  return [head, ...records].map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/** The report as a file to download: `import-errors.csv` or `import-errors.jsonl`. */
export function errorReportFile(outcomes: readonly ImportOutcome[], format: ErrorReportFormat) {
  const text = format === 'csv' ? errorReportCsv(outcomes) : errorReportJsonl(outcomes);
  const type = format === 'csv' ? 'text/csv' : 'application/x-ndjson';
  return { name: `import-errors.${format}`, blob: new Blob([text], { type: `${type};charset=utf-8` }) };
}
