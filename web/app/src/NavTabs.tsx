// The page navigation under the header: one link per page, the current one marked for screen
// readers (aria-current) and styled as selected.
import type { Route } from './route';
import { cx } from './common/cx';
import tabs from './common/tabs.module.css';
import styles from './shell.module.css';

/** How each page is named in the navigation. */
export const ROUTE_LABELS: Record<Route, string> = {
  inferences: 'Inferences',
  import: 'Import',
  datasets: 'Datasets',
  rules: 'Capture rules',
  review: 'Review queue',
};

interface Props {
  route: Route;
  /** A small count or note beside a page's name (e.g. the import running). */
  badges?: Partial<Record<Route, string>>;
}

/** The navigation links. */
export function NavTabs({ route, badges = {} }: Props) {
  return (
    <nav class={cx(tabs.list, styles.navTabs)} aria-label="Pages">
      {(Object.keys(ROUTE_LABELS) as Route[]).map((r) => (
        <a
          key={r}
          href={`#/${r}`}
          class={cx(tabs.tab, styles.navTab)}
          aria-current={r === route ? 'page' : undefined}
          data-testid={`nav-${r}`}
        >
          {ROUTE_LABELS[r]}
          {badges[r] && <span class={tabs.count}>{badges[r]}</span>}
        </a>
      ))}
    </nav>
  );
}
