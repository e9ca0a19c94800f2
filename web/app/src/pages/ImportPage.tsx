// The Import page: the drop zone and file picker, the running import's progress with Cancel, and
// the reports of the latest batch.
import type { ImportFormat } from 'tracesift';
import { ImportPanel } from '../ImportPanel';
import { ImportProgress } from '../ImportProgress';
import { ImportReportView } from '../ImportReportView';
import type { Importer } from '../useImporter';

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
  return (
    <section class="page" aria-label="Import" hidden={hidden} data-testid="page-import">
      <ImportPanel enabled={ready} dragging={dragging} onFiles={onFiles} format={format} onFormat={onFormat} />
      {importer.running && <ImportProgress running={importer.running} onCancel={importer.cancel} />}
      {!importer.running && importer.outcomes.length > 0 && (
        <ImportReportView outcomes={importer.outcomes} onDismiss={importer.dismiss} />
      )}
    </section>
  );
}
