// The span detail drawer: a side panel over the Inferences page showing one span (`ts.span(id)`)
// in three tabs: Messages (the input and output as a chat), Attributes (every field) and Trace (the
// trace's spans as a timeline; choosing one shows it here). Opens with focus on its close button,
// closes on Esc or the button; the page gives focus back to where it was.
import { useEffect, useRef, useState } from 'preact/hooks';
import { AttributesView } from './AttributesView';
import { ChatView } from './ChatView';
import { TraceView } from './TraceView';
import { formatCost, formatDuration, formatTokens } from '../../common/format';
import { useSpanDetail } from './useSpanDetail';
import { cx } from '../../common/cx';
import tabStyles from '../../common/tabs.module.css';
import styles from './drawer.module.css';
import { Badge } from '../../common/Badge';

const TABS = [
  { id: 'messages', label: 'Messages' },
  { id: 'attributes', label: 'Attributes' },
  { id: 'trace', label: 'Trace' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/** Whether `el` is inside the span drawer. */
export function inDrawer(el: Element | null): boolean {
  return el?.closest(`.${CSS.escape(styles.spanDrawer)}`) != null;
}

interface Props {
  /** The span shown. */
  spanId: string;
  /** Shows another span (of the trace) in the drawer. */
  onPick: (spanId: string) => void;
  onClose: () => void;
}

/** The drawer of span `spanId`. */
export function SpanDrawer({ spanId, onPick, onClose }: Props) {
  const [tab, setTab] = useState<Tab>('messages');
  const answer = useSpanDetail(spanId);
  const { error, loading } = answer;
  // After a failure nothing of the previous span stays on screen.
  const detail = error ? null : answer.detail;
  const closeButton = useRef<HTMLButtonElement>(null);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  // Focus moves into the drawer when it opens.
  useEffect(() => closeButton.current?.focus(), []);
  // Esc closes it from anywhere on the page, except inside a field (Esc there belongs to the field).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      e.preventDefault();
      onClose();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [onClose]);

  const onTabKey = (e: KeyboardEvent, index: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = (index + step + TABS.length) % TABS.length;
    setTab(TABS[next]!.id);
    tabs.current[next]?.focus();
  };

  const span = detail?.span ?? null;
  return (
    <aside
      class={cx(styles.spanDrawer, loading && styles.isLoading)}
      role="dialog"
      aria-modal="false"
      aria-labelledby="span-drawer-title"
      data-testid="span-drawer"
      data-span-id={span?.span_id ?? ''}
    >
      <header class={styles.head}>
        <div class={styles.title}>
          <h2 id="span-drawer-title" title={span?.name}>
            {span ? span.name : 'Loading span…'}
          </h2>
          {span && (
            <p class={`${styles.facts} muted`}>
              <Badge value={span.status} /> {span.kind}
              {span.model && ` · ${span.model}`}
              {(span.input_tokens !== null || span.output_tokens !== null) &&
                ` · ${formatTokens(span.input_tokens, span.output_tokens)} tokens`}
              {span.cost_usd !== null && ` · ${formatCost(span.cost_usd)}`}
              {` · ${formatDuration(span.started_at, span.ended_at)}`}
            </p>
          )}
        </div>
        <button
          ref={closeButton}
          type="button"
          class={`button subtle ${styles.close}`}
          data-testid="drawer-close"
          aria-label="Close span details"
          onClick={onClose}
        >
          ✕
        </button>
      </header>
      {error && (
        <p class={styles.error} role="alert" data-testid="drawer-error">
          This span could not be shown: {error.message}
        </p>
      )}
      <div class={cx(tabStyles.list, styles.tabs)} role="tablist" aria-label="Span details">
        {TABS.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`drawer-tab-${t.id}`}
            class={cx(tabStyles.tab, styles.tab)}
            data-testid={`drawer-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`drawer-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {t.label}
            {t.id === 'trace' && detail && <span class={styles.tabCount}>{detail.trace_total}</span>}
          </button>
        ))}
      </div>
      <div
        class={styles.body}
        role="tabpanel"
        id={`drawer-panel-${tab}`}
        aria-labelledby={`drawer-tab-${tab}`}
        tabIndex={0}
      >
        {detail && tab === 'messages' && <ChatView span={detail.span} />}
        {detail && tab === 'attributes' && <AttributesView span={detail.span} />}
        {detail && tab === 'trace' && <TraceView detail={detail} onPick={onPick} />}
      </div>
    </aside>
  );
}
