// The five pages under the header, with what they share: the Inferences listing and facets of the
// filter (the Datasets page shows how many spans it matches). Pages stay mounted while hidden, so a
// running export and the last report stay.
import { useMemo } from 'preact/hooks';
import type { ImportFormat, SortOrder, SpanSort } from 'tracesift';
import { useEngine } from './data/engine';
import { DatasetsPanel } from './features/datasets/DatasetsPanel';
import { composeQuery, hasConditions, type FilterState } from './features/inferences/filterState';
import { ImportPage } from './features/import/ImportPage';
import { InferencesPage } from './features/inferences/InferencesPage';
import { ReviewPage } from './features/review/ReviewPage';
import { RulesPage } from './features/rules/RulesPage';
import type { Route } from './route';
import { useFacets } from './features/inferences/useFacets';
import type { Importer } from './features/import/useImporter';
import { useSpanList } from './features/inferences/useSpanList';

interface Props {
  route: Route;
  filterState: FilterState;
  onFilter: (next: FilterState) => void;
  sort: { sort: SpanSort; order: SortOrder };
  onSort: (column: SpanSort) => void;
  /** Why the sample traces could not be loaded, or null. */
  sampleError: string | null;
  /** Files are dragged over the window. */
  dragging: boolean;
  importer: Importer;
  onFiles: (files: File[]) => void;
  format: ImportFormat;
  onFormat: (format: ImportFormat) => void;
}

/** The pages; only the one of `route` is shown. */
export function Pages({ route, filterState, onFilter, sort, onSort, sampleError, ...imports }: Props) {
  const { ts } = useEngine();
  // One query string: the typed query, then the dropdowns and range inputs.
  const filter = useMemo(() => composeQuery(filterState), [filterState]);
  const list = useSpanList(filter, sort.sort, sort.order);
  const facets = useFacets(filter);

  const queryError =
    list.error?.code === 'invalid_filter'
      ? {
          message: list.error.message,
          position: typeof list.error.details.position === 'number' ? list.error.details.position : null,
        }
      : null;

  let emptyMessage = 'No spans yet. Import trace files on the Import page, or drop them anywhere on this page.';
  if (queryError) emptyMessage = 'The query could not be read; see the message under the query box.';
  else if (list.error) emptyMessage = `The spans could not be listed: ${list.error.message}`;
  else if (hasConditions(filterState)) emptyMessage = 'No spans match these filters.';
  else if (sampleError) emptyMessage = `The sample traces could not be loaded (${sampleError}). ${emptyMessage}`;

  return (
    <>
      <InferencesPage
        hidden={route !== 'inferences'}
        filterState={filterState}
        onFilter={onFilter}
        filter={filter}
        facets={facets}
        list={list}
        sort={sort}
        onSort={onSort}
        queryError={queryError}
        emptyMessage={emptyMessage}
      />
      <ImportPage hidden={route !== 'import'} ready={ts !== null} {...imports} />
      <section class="page" aria-label="Datasets" hidden={route !== 'datasets'} data-testid="page-datasets">
        <DatasetsPanel
          open={route === 'datasets'}
          filter={filter}
          matching={list.answered === JSON.stringify(filter) && !list.error ? list.total : null}
        />
      </section>
      <RulesPage hidden={route !== 'rules'} filter={filter} />
      <ReviewPage hidden={route !== 'review'} />
    </>
  );
}
