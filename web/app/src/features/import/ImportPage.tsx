// The Import page: the drop zone and file picker, the batch's per-file list (queued, importing,
// done, failed, cancelled), the running import's progress with ETA and Cancel, and the reports of
// the files finished so far with their rejected lines and the error report download.
import type { ImportFormat } from 'tracesift';
import { ImportFileList } from './ImportFileList';
import { ImportPanel } from './ImportPanel';
import { ImportProgress } from './ImportProgress';
import { ImportReportView } from './ImportReportView';
import type { Importer } from './useImporter';
import styles from './import.module.css';

interface Props {
  hidden: boolean;
  ready: boolean;
  dragging: boolean;
  importer: Importer;
  onFiles: (files: File[]) => void;
  format: ImportFormat;
  onFormat: (format: ImportFormat) => void;
}

/** The page. */
export function ImportPage({ hidden, ready, dragging, importer, onFiles, format, onFormat }: Props) {
  const { running, entries } = importer;
  const finished = entries.filter((e) => e.status !== 'queued' && e.status !== 'importing');
  const queued = entries.filter((e) => e.status === 'queued').length;
  return (
    <section class="page" aria-label="Import" hidden={hidden} data-testid="page-import">
      <ImportPanel enabled={ready} dragging={dragging} onFiles={onFiles} format={format} onFormat={onFormat} />
      {running && <ImportProgress running={running} queued={queued} onCancel={importer.cancel} />}
      {entries.length > 0 && <ImportFileList entries={entries} />}
      {finished.length > 0 && <ImportReportView entries={finished} onDismiss={importer.dismiss} />}
      {entries.length === 0 && !running && (
        <p class={`muted ${styles.empty}`}>
          Pick or drop one or more trace files (JSONL: tracesift, OTLP, OpenInference, Langfuse, OpenAI chat,
          request/response). They are imported one after another; each gets a report with its rejected lines.
        </p>
      )}
    </section>
  );
}
