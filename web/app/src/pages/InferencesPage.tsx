// The Inferences page: the filter bar over the span list, its pager and the sortable span table.
import type { Facets, SortOrder, SpanSort } from 'tracesift';
import { FilterBar } from '../FilterBar';
import { Pager } from '../Pager';
import { SpanTable } from '../SpanTable';
import type { FilterState } from '../filterState';
import type { SpanPage } from '../useSpans';

/** Rows per page of the span table. */
export const PAGE_SIZE = 100;

interface Props {
  hidden: boolean;
  ready: boolean;
  filterState: FilterState;
  onFilter: (next: FilterState) => void;
  facets: Facets | null;
  page: SpanPage;
  sort: { sort: SpanSort; order: SortOrder };
  onSort: (column: SpanSort) => void;
  pageIndex: number;
  onPrev: () => void;
  onNext: () => void;
  queryError: { message: string; position: number | null } | null;
  emptyMessage: string;
}

/** The page; the App holds its state so the Datasets page saves the same filter. */
export function InferencesPage(props: Props) {
  const { page } = props;
  return (
    <section class="page" aria-label="Inferences" hidden={props.hidden} data-testid="page-inferences">
      <div class="toolbar">
        <Pager
          pageIndex={props.pageIndex}
          pageSize={PAGE_SIZE}
          rows={page.spans.length}
          total={page.total}
          answered={page.answered}
          hasNext={page.nextCursor !== null && !page.loading}
          onPrev={props.onPrev}
          onNext={props.onNext}
        />
      </div>
      <FilterBar
        state={props.filterState}
        onChange={props.onFilter}
        facets={props.facets}
        queryError={props.queryError}
        disabled={!props.ready}
      />
      <SpanTable
        spans={page.spans}
        emptyMessage={props.emptyMessage}
        loading={page.loading || !props.ready}
        sort={props.sort.sort}
        order={props.sort.order}
        onSort={props.onSort}
      />
    </section>
  );
}
