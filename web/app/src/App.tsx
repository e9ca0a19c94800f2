// The page: opens the engine on the database saved in this browser (OPFS; in memory with a notice
// when it cannot be saved; a clear message when another tab has it), loads the sample traces on
// first start, and wires the database file controls, the import panel,
// the filter bar (query box, facet dropdowns, ranges), the Datasets panel (which saves the current
// filter), the pager and the sortable span table.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import {
  open,
  TraceSiftError,
  type ImportFormat,
  type SortOrder,
  type SpanSort,
  type StorageInfo,
  type TraceSift,
} from 'tracesift';
import { DatabaseControls } from './DatabaseControls';
import { DatasetsPanel } from './DatasetsPanel';
import { FilterBar } from './FilterBar';
import { ImportPanel } from './ImportPanel';
import { ImportProgress } from './ImportProgress';
import { ImportReportView } from './ImportReportView';
import { Pager } from './Pager';
import { SpanTable } from './SpanTable';
import { StorageBadge } from './StorageBadge';
import { summarizeImport } from './importSummary';
import { fetchSampleFile } from './samples';
import { useFileDrop } from './useFileDrop';
import { useImporter } from './useImporter';
import { EMPTY_FILTER, composeQuery, hasConditions, type FilterState } from './filterState';
import { useFacets } from './useFacets';
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
  const [storage, setStorage] = useState<StorageInfo | null>(null);
  // Another tab has the saved database: why this one waits (it opens once the other lets go).
  const [lockMessage, setLockMessage] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>({ text: 'Starting the engine…', tone: 'info' });
  const [sampleError, setSampleError] = useState<string | null>(null);
  const [filterState, setFilterState] = useState<FilterState>(EMPTY_FILTER);
  const [sort, setSort] = useState<{ sort: SpanSort; order: SortOrder }>({ sort: 'time', order: 'desc' });
  // Cursors of the pages visited: the last one is the current page's ('' = the first page).
  const [cursors, setCursors] = useState<string[]>(['']);
  const [dataVersion, setDataVersion] = useState(0);
  const [datasetsOpen, setDatasetsOpen] = useState(false);

  const onImported = useCallback(() => {
    setDataVersion((v) => v + 1);
    setCursors(['']);
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

  // Open the engine once on the saved database; close it when the app goes away (hot reload).
  useEffect(() => {
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
    open({ storage: 'opfs' }).then(opened, (e: unknown) => {
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
    setDataVersion((v) => v + 1);
    setCursors(['']);
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

  // One query string: the typed query, then the dropdowns and range inputs.
  const filter = useMemo(() => composeQuery(filterState), [filterState]);
  const cursor = cursors[cursors.length - 1] ?? '';
  const page = useSpans(ts, { filter, ...sort, cursor, limit: PAGE_SIZE }, dataVersion);
  const facets = useFacets(ts, filter, dataVersion);

  const onFilter = (next: FilterState) => {
    setFilterState(next);
    setCursors(['']);
  };
  const onSort = (column: SpanSort) => {
    // A new column starts largest first; the same column again flips the order.
    setSort((s) => ({ sort: column, order: s.sort === column && s.order === 'desc' ? 'asc' : 'desc' }));
    setCursors(['']);
  };
  const queryError =
    page.error?.code === 'invalid_filter'
      ? {
          message: page.error.message,
          position: typeof page.error.details.position === 'number' ? page.error.details.position : null,
        }
      : null;

  let emptyMessage = 'No spans yet. Import a trace file (JSONL) with the button above or drop it on the page.';
  if (queryError) emptyMessage = 'The query could not be read; see the message under the query box.';
  else if (page.error) emptyMessage = `The spans could not be listed: ${page.error.message}`;
  else if (hasConditions(filterState)) emptyMessage = 'No spans match these filters.';
  else if (sampleError) emptyMessage = `The sample traces could not be loaded (${sampleError}). ${emptyMessage}`;

  const statusText = importer.running ? `Importing ${importer.running.fileName}…` : status.text;
  return (
    <div class={`app${dragging ? ' is-dragging' : ''}`}>
      <header class="topbar">
        <h1>tracesift</h1>
        <span class="version muted">{ts ? `engine ${ts.version}` : 'engine …'}</span>
        <StorageBadge storage={storage} />
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
        <div class="toolbar">
          <ImportPanel
            enabled={ts !== null}
            dragging={dragging}
            onFiles={(files) => void importFiles(files)}
            format={format}
            onFormat={setFormat}
          />
          <button
            type="button"
            class={`button${datasetsOpen ? ' is-pressed' : ''}`}
            aria-expanded={datasetsOpen}
            aria-controls="datasets-panel"
            disabled={ts === null}
            onClick={() => setDatasetsOpen((open) => !open)}
          >
            Datasets
          </button>
          <DatabaseControls
            ts={ts}
            enabled={!importer.running}
            onOpened={onDatabaseOpened}
            onStatus={(text, tone) => setStatus({ text, tone })}
          />
          <Pager
            pageIndex={cursors.length - 1}
            pageSize={PAGE_SIZE}
            rows={page.spans.length}
            total={page.total}
            answered={page.answered}
            hasNext={page.nextCursor !== null && !page.loading}
            onPrev={() => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c))}
            onNext={() => {
              const next = page.nextCursor;
              if (next !== null) setCursors((c) => [...c, next]);
            }}
          />
        </div>
        <FilterBar
          state={filterState}
          onChange={onFilter}
          facets={facets}
          queryError={queryError}
          disabled={ts === null}
        />
        {/* Hidden rather than unmounted when closed: a running export and the last report stay. */}
        <DatasetsPanel
          ts={ts}
          open={datasetsOpen}
          filter={filter}
          matching={page.answered === JSON.stringify(filter) && !page.error ? page.total : null}
          dataVersion={dataVersion}
        />
        {importer.running && <ImportProgress running={importer.running} onCancel={importer.cancel} />}
        {!importer.running && importer.outcomes.length > 0 && (
          <ImportReportView outcomes={importer.outcomes} onDismiss={importer.dismiss} />
        )}
        <SpanTable
          spans={page.spans}
          emptyMessage={emptyMessage}
          loading={page.loading || ts === null}
          sort={sort.sort}
          order={sort.order}
          onSort={onSort}
        />
      </main>
    </div>
  );
}
