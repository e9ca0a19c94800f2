// The Capture rules page (per dataset): list, add, edit, delete, live preview, backfill.
import type { TraceSift } from 'tracesift';

interface Props {
  hidden: boolean;
  ts: TraceSift | null;
  /** The query text of the Inferences filter (a new rule starts from it). */
  filter: string;
  /** Changes after each import. */
  dataVersion: number;
}

/** The page. */
export function RulesPage({ hidden }: Props) {
  return <section class="page" aria-label="Capture rules" hidden={hidden} data-testid="page-rules" />;
}
