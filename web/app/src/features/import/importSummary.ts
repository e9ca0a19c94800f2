// One sentence for the status line about a finished import batch.
import type { ImportOutcome } from './useImporter';
import { formatCount } from '../../common/format';

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "Imported 3 spans from e2e.jsonl (1 line error)."; mentions cancellations and failures. */
export function summarizeImport(outcomes: ImportOutcome[]): string {
  if (outcomes.length === 0) return 'Nothing was imported.';
  let imported = 0;
  let updated = 0;
  let errors = 0;
  let failed = 0;
  let cancelled = false;
  for (const { report, error } of outcomes) {
    imported += report?.imported ?? 0;
    updated += report?.updated ?? 0;
    errors += report?.error_count ?? 0;
    if (error?.code === 'aborted' || report?.cancelled) cancelled = true;
    else if (error) failed += 1;
  }
  const source = outcomes.length === 1 ? outcomes[0]!.fileName : plural(outcomes.length, 'file');
  const notes: string[] = [];
  if (updated > 0) notes.push(`${formatCount(updated)} updated`);
  if (errors > 0) notes.push(plural(errors, 'line error'));
  let text = `Imported ${plural(imported, 'span')} from ${source}`;
  text += notes.length > 0 ? ` (${notes.join(', ')}).` : '.';
  if (cancelled) text += ' The import was cancelled; spans committed before it stopped were kept.';
  if (failed > 0) text += ` ${plural(failed, 'file')} failed; see the report.`;
  return text;
}
