// The Review queue page: enqueue datapoints, claim, edit, approve or reject into a golden dataset.
import type { TraceSift } from 'tracesift';

interface Props {
  hidden: boolean;
  ts: TraceSift | null;
  /** Changes after each import. */
  dataVersion: number;
}

/** The page. */
export function ReviewPage({ hidden }: Props) {
  return <section class="page" aria-label="Review queue" hidden={hidden} data-testid="page-review" />;
}
