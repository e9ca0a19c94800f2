// The app: opens the engine on the database saved in this browser (OPFS; in memory with a notice
// when it cannot be saved; a clear message when another tab has it), loads the sample traces on
// first start, and lays out the persistent header (storage, database size, import in progress,
// database file controls), the page navigation and the five pages (Pages.tsx). It holds the
// connection every read goes through (data/engine.tsx: an import or an opened database marks every
// topic changed), the Inferences filter and order (the Datasets and Capture rules pages start from
// it) and the import queue.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import {
  open,
  TraceSiftError,
  type ImportFormat,
  type SortOrder,
  type SpanSort,
  type StorageInfo,
  type TraceSift,
} from 'tracesift';
import { ALL_TOPICS, EngineProvider, useTopicVersions } from './data/engine';
import { DatabaseControls } from './DatabaseControls';
import { DatabaseSize } from './DatabaseSize';
import { NavTabs } from './NavTabs';
import { Pages } from './Pages';
import { StorageBadge } from './StorageBadge';
import { go, useRoute } from './route';
import { summarizeImport } from './features/import/importSummary';
import { takeEngine, takeSamples } from './earlyStart';
import { fetchSampleFile } from './samples';
import { useFileDrop } from './useFileDrop';
import { useImporter } from './features/import/useImporter';
import { EMPTY_FILTER, type FilterState } from './features/inferences/filterState';
import { cx } from './common/cx';
import styles from './shell.module.css';

interface Status {
  text: string;
  tone: 'info' | 'error';
}

const message = (e: unknown) => TraceSiftError.from(e).message;

/** The whole app. */
export function App() {
  const [ts, setTs] = useState<TraceSift | null>(null);
  const [storage, setStorage] = useState<StorageInfo | null>(null);
  // Another tab has the saved database: why this one waits (it opens once the other lets go).
  const [lockMessage, setLockMessage] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>({ text: 'Starting the engine…', tone: 'info' });
  const [sampleError, setSampleError] = useState<string | null>(null);
  const [filterState, setFilterState] = useState<FilterState>(EMPTY_FILTER);
  const [sort, setSort] = useState<{ sort: SpanSort; order: SortOrder }>({ sort: 'time', order: 'desc' });
  const { versions, invalidate } = useTopicVersions();
  const route = useRoute();

  // An import can change anything stored (capture rules add datapoints): every read runs again.
  const onImported = useCallback(() => invalidate(...ALL_TOPICS), [invalidate]);
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
  const dragging = useFileDrop((files) => {
    // Dropped anywhere: the Import page shows the progress and the report.
    go('import');
    void importFiles(files);
  });

  // Open the engine once on the saved database; close it when the app goes away (hot reload).
  // On a first start the samples were fetched while the engine opened (earlyStart.ts).
  const samples = useRef<Promise<File> | null>(null);
  useEffect(() => {
    samples.current = takeSamples();
    let disposed = false;
    let engine: TraceSift | null = null;
    const opened = (o: TraceSift) => {
      if (disposed) return void o.close();
      engine = o;
      setTs(o);
      setStorage(o.storage);
      setLockMessage(null);
      setStatus({ text: 'Engine ready.', tone: 'info' });
    };
    const failed = (e: unknown) => setStatus({ text: `The engine could not start: ${message(e)}`, tone: 'error' });
    takeEngine().then(opened, (e: unknown) => {
      const error = TraceSiftError.from(e);
      if (error.code !== 'locked') return failed(error);
      // A second tab never writes: it waits, read nothing, until the first one lets go.
      setLockMessage(error.message);
      setStatus({ text: 'Waiting for the other tab to close…', tone: 'info' });
      if (!disposed) open({ storage: 'opfs', waitForLock: true }).then(opened, failed);
    });
    return () => {
      disposed = true;
      engine?.close().catch(() => undefined);
    };
  }, []);

  const onDatabaseOpened = useCallback((spans: number, fileName: string) => {
    invalidate(...ALL_TOPICS);
    setStatus({ text: `Opened ${fileName}: ${spans.toLocaleString('en-US')} spans.`, tone: 'info' });
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
        file = await (samples.current ?? fetchSampleFile());
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

  const onSort = (column: SpanSort) => {
    // A new column starts largest first; the same column again flips the order.
    setSort((s) => ({ sort: column, order: s.sort === column && s.order === 'desc' ? 'asc' : 'desc' }));
  };

  const statusText = importer.running ? `Importing ${importer.running.fileName}…` : status.text;
  const running = importer.running;
  const importPercent =
    running && running.totalBytes > 0
      ? Math.min(100, Math.floor((100 * (running.progress?.bytes ?? 0)) / running.totalBytes))
      : 0;
  return (
    <EngineProvider value={{ ts, versions, invalidate }}>
      <div class={cx(styles.app, dragging && styles.isDragging)}>
        <header class={styles.topbar}>
          <h1>tracesift</h1>
          <span class={cx(styles.version, 'muted')}>{ts ? `engine ${ts.version}` : 'engine …'}</span>
          <StorageBadge storage={storage} />
          <DatabaseSize busy={running !== null} />
          {running && (
            <a class={styles.importIndicator} href="#/import" data-testid="import-indicator">
              Importing {running.fileName} · {importPercent}%
            </a>
          )}
          <p
            class={cx(styles.status, !running && status.tone === 'error' && styles.error)}
            data-testid="status"
            role="status"
            title={statusText}
          >
            {statusText}
          </p>
          <DatabaseControls
            ts={ts}
            enabled={!running}
            onOpened={onDatabaseOpened}
            onStatus={(text, tone) => setStatus({ text, tone })}
          />
        </header>
        <NavTabs route={route} badges={running ? { import: `${importPercent}%` } : {}} />
        <main>
          {lockMessage && (
            <p class="notice" role="alert" data-testid="lock-notice">
              {lockMessage}
            </p>
          )}
          {storage?.notice && (
            <p class="notice" role="alert" data-testid="storage-notice">
              {storage.notice}
            </p>
          )}
          <Pages
            route={route}
            filterState={filterState}
            onFilter={setFilterState}
            sort={sort}
            onSort={onSort}
            sampleError={sampleError}
            dragging={dragging}
            importer={importer}
            onFiles={(files) => void importFiles(files)}
            format={format}
            onFormat={setFormat}
          />
        </main>
      </div>
    </EngineProvider>
  );
}
