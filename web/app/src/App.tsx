// The page: opens the engine, loads the sample traces on first start, and wires the import panel,
// the model filter, the pager and the span table together.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { open, TraceSiftError, type Filter, type ImportFormat, type TraceSift } from 'tracesift';
import { ImportPanel } from './ImportPanel';
import { ImportProgress } from './ImportProgress';
import { ImportReportView } from './ImportReportView';
import { ModelFilter } from './ModelFilter';
import { Pager } from './Pager';
import { SpanTable } from './SpanTable';
import { summarizeImport } from './importSummary';
import { fetchSampleFile } from './samples';
import { useFileDrop } from './useFileDrop';
import { useImporter } from './useImporter';
import { useModels } from './useModels';
import { useSpans } from './useSpans';

/** Rows per page of the span table. */
export const PAGE_SIZE = 100;

interface Status {
  text: string;
  tone: 'info' | 'error';
}

const message = (e: unknown) => TraceSiftError.from(e).message;

/** The whole app. */
export function App() {
  const [ts, setTs] = useState<TraceSift | null>(null);
  const [status, setStatus] = useState<Status>({ text: 'Starting the engine…', tone: 'info' });
  const [sampleError, setSampleError] = useState<string | null>(null);
  const [model, setModel] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const [dataVersion, setDataVersion] = useState(0);

  const onImported = useCallback(() => {
    setDataVersion((v) => v + 1);
    setOffset(0);
  }, []);
  const importer = useImporter(ts, onImported);
  const [format, setFormat] = useState<ImportFormat>('auto');

  const importFiles = useCallback(
    async (files: File[]) => {
      if (!ts) {
        setStatus({ text: 'The engine is not ready yet; try again in a moment.', tone: 'error' });
        return;
      }
      const outcomes = await importer.importFiles(files, format);
      setStatus({
        text: summarizeImport(outcomes),
        tone: outcomes.some((o) => o.error && o.error.code !== 'aborted') ? 'error' : 'info',
      });
    },
    [ts, importer.importFiles, format],
  );
  const dragging = useFileDrop((files) => void importFiles(files));

  // Open the engine once; close it when the app goes away (hot reload in development).
  useEffect(() => {
    let disposed = false;
    let engine: TraceSift | null = null;
    open().then(
      (opened) => {
        if (disposed) return void opened.close();
        engine = opened;
        setTs(opened);
        setStatus({ text: 'Engine ready.', tone: 'info' });
      },
      (e: unknown) => setStatus({ text: `The engine could not start: ${message(e)}`, tone: 'error' }),
    );
    return () => {
      disposed = true;
      engine?.close().catch(() => undefined);
    };
  }, []);

  // First start (an empty database): import the bundled sample traces.
  useEffect(() => {
    if (!ts) return;
    let current = true;
    (async () => {
      if ((await ts.count()) > 0) return;
      setStatus({ text: 'Loading the sample traces…', tone: 'info' });
      let file: File;
      try {
        file = await fetchSampleFile();
      } catch (e) {
        if (!current) return;
        setSampleError(message(e));
        setStatus({ text: `Sample traces unavailable: ${message(e)}. Import a trace file to begin.`, tone: 'error' });
        return;
      }
      if (current) await importFiles([file]);
    })().catch((e: unknown) => {
      if (current) setStatus({ text: `Could not load the sample traces: ${message(e)}`, tone: 'error' });
    });
    return () => {
      current = false;
    };
    // importFiles changes with ts only, so this runs once per opened engine.
  }, [ts]);

  const filter = useMemo<Filter>(() => (model === null ? {} : { model }), [model]);
  const page = useSpans(ts, filter, offset, PAGE_SIZE, dataVersion);
  const models = useModels(ts, dataVersion);

  const onModel = (m: string | null) => {
    setModel(m);
    setOffset(0);
  };

  let emptyMessage = 'No spans yet. Import a trace file (JSONL) with the button above or drop it on the page.';
  if (page.error) emptyMessage = `The spans could not be listed: ${page.error.message}`;
  else if (model !== null) emptyMessage = `No spans with model ${model}.`;
  else if (sampleError) emptyMessage = `The sample traces could not be loaded (${sampleError}). ${emptyMessage}`;

  const statusText = importer.running ? `Importing ${importer.running.fileName}…` : status.text;
  return (
    <div class={`app${dragging ? ' is-dragging' : ''}`}>
      <header class="topbar">
        <h1>tracesift</h1>
        <span class="version muted">{ts ? `engine ${ts.version}` : 'engine …'}</span>
        <p
          class={`status ${importer.running ? 'info' : status.tone}`}
          data-testid="status"
          role="status"
          title={statusText}
        >
          {statusText}
        </p>
      </header>
      <main>
        <div class="toolbar">
          <ImportPanel
            enabled={ts !== null}
            dragging={dragging}
            onFiles={(files) => void importFiles(files)}
            format={format}
            onFormat={setFormat}
          />
          <ModelFilter models={models} value={model} onChange={onModel} disabled={ts === null} />
          <Pager
            offset={offset}
            pageSize={PAGE_SIZE}
            rows={page.spans.length}
            total={page.total}
            onOffset={setOffset}
          />
        </div>
        {importer.running && <ImportProgress running={importer.running} onCancel={importer.cancel} />}
        {!importer.running && importer.outcomes.length > 0 && (
          <ImportReportView outcomes={importer.outcomes} onDismiss={importer.dismiss} />
        )}
        <SpanTable spans={page.spans} emptyMessage={emptyMessage} loading={page.loading || ts === null} />
      </main>
    </div>
  );
}
