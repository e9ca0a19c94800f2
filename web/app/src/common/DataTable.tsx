// The table of records every page lists (datasets, capture rules, review items): one style for all
// (dataTable.module.css: fixed layout, one line a cell cut with an ellipsis, muted column heads,
// right-aligned numbers, the selected row); the feature's class adds only its column widths.
import type { ComponentChildren } from 'preact';
import styles from './dataTable.module.css';

/** The classes of the table's cells and rows: `num` (right-aligned), `time` (mono), `selected` (a row). */
export const cells = { num: styles.num, time: styles.time, selected: styles.selected };

/** A `<table>` in the shared style; `className` names the feature's columns. */
export function DataTable(props: { className: string; label: string; testId?: string; children: ComponentChildren }) {
  return (
    <table class={`${styles.table} ${props.className}`} aria-label={props.label} data-testid={props.testId}>
      {props.children}
    </table>
  );
}
