// The review view of one queue: Next / Skip / Release, the item's input and output as readable
// messages, Edit output (the original stays beside the edit), Approve with an optional note and
// Reject with an optional reason, the outcome with a link to the golden dataset, and keyboard
// shortcuts listed in a help line.
import { useEffect, useState } from 'preact/hooks';
import type { ReviewQueue } from 'tracesift';
import { NONE, formatLocalTime } from '../../common/format';
import { MessageList } from '../../common/messages/MessageList';
import { OutputEditor } from './OutputEditor';
import type { ReviewSession } from './useReviewSession';
import { useReviewKeys } from './useReviewKeys';
import { Badge } from '../../common/Badge';
import { cx } from '../../common/cx';
import styles from './review.module.css';

/** The background of a completed item's outcome line. */
const OUTCOMES: Record<'approved' | 'rejected', string> = { approved: styles.approved, rejected: styles.rejected };

interface Props {
  queue: ReviewQueue;
  reviewer: string;
  session: ReviewSession;
  /** The page is shown: the keyboard shortcuts listen. */
  active: boolean;
}

/** The shortcuts, as the help line lists them. */
const SHORTCUTS: [string, string][] = [
  ['n', 'next'],
  ['j', 'next'],
  ['a', 'approve'],
  ['r', 'reject'],
  ['e', 'edit output'],
  ['s', 'skip'],
  ['Esc', 'cancel edit'],
  ['Ctrl+Enter', 'save edit'],
];

/** The view. */
export function ReviewDesk({ queue, reviewer, session, active }: Props) {
  const { item, busy } = session;
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const held = item !== null && item.state === 'claimed' && item.reviewer === reviewer;
  const ready = reviewer !== '';

  // Another item (or the same one completed): close the editor and clear the note and reason.
  useEffect(() => {
    setEditing(false);
    setNote('');
    setReason('');
  }, [item?.id, item?.state]);

  const approve = () => held && !editing && void session.approve(note);
  const reject = () => held && !editing && void session.reject(reason);
  const next = () => ready && !editing && void session.next();
  useReviewKeys(active, {
    n: next,
    j: next,
    a: approve,
    r: reject,
    e: () => held && setEditing(true),
    s: () => held && !editing && void session.skip(),
    escape: () => setEditing(false),
  });

  return (
    <section class={styles.desk} aria-label="Review" data-testid="review-desk">
      <div class={styles.toolbar}>
        <button
          type="button"
          class="button primary"
          data-testid="review-next"
          disabled={!ready || busy || editing}
          onClick={() => void session.next()}
        >
          {held ? 'Current item' : 'Next item'} <kbd>n</kbd>
        </button>
        <button type="button" class="button" disabled={!held || busy || editing} onClick={() => void session.skip()}>
          Skip <kbd>s</kbd>
        </button>
        <button type="button" class="button" disabled={!held || busy || editing} onClick={() => void session.release()}>
          Release
        </button>
        <p class={`${styles.keys} muted`} data-testid="review-keys">
          Keys:{' '}
          {SHORTCUTS.map(([key, what], i) => (
            <span key={key}>
              {i > 0 && ' · '}
              <kbd>{key}</kbd> {what}
            </span>
          ))}
          . They do nothing while you type in a field.
        </p>
      </div>
      {!ready && <p class="notice">Give your reviewer name above to start reviewing.</p>}
      {session.notice && (
        <p class="muted" role="status" data-testid="review-notice">
          {session.notice}
        </p>
      )}
      {session.error && !editing && (
        <p class="error-text" role="alert" data-testid="review-error">
          {session.error.message}
        </p>
      )}
      {item === null ? (
        <p class={`${styles.empty} muted`} data-testid="review-empty">
          {ready ? 'Press Next (or n) to claim the next pending item.' : ''}
        </p>
      ) : (
        <article
          class={styles.item}
          data-testid="review-item"
          data-item-id={item.id}
          data-state={item.state}
          data-outcome={item.outcome ?? ''}
          data-span-id={item.datapoint.source_span_id ?? ''}
          aria-label={`Item ${item.id}`}
        >
          <header class={styles.itemHead}>
            <h3>Item {item.id}</h3>
            <Badge value={item.outcome ?? item.state} />
            <span class="muted">
              datapoint {item.datapoint.id} of <strong>{item.datapoint.dataset}</strong> · span{' '}
              <code>{item.datapoint.source_span_id ?? NONE}</code>
              {item.reviewer && ` · ${item.state === 'claimed' ? 'claimed' : 'reviewed'} by ${item.reviewer}`}
              {item.edited && ' · edited'}
            </span>
          </header>
          {item.state === 'completed' && (
            <p
              class={cx(styles.outcome, item.outcome && OUTCOMES[item.outcome])}
              role="status"
              data-testid="review-outcome"
            >
              {item.outcome === 'approved' ? (
                <>
                  Approved{item.completed_at ? ` ${formatLocalTime(item.completed_at)}` : ''}: copied
                  {item.edited ? ' with the edited output' : ''} into the golden dataset{' '}
                  <a href="#/datasets" data-testid="golden-link">
                    {queue.golden}
                  </a>
                  {item.golden_datapoint_id !== null && ` (datapoint ${item.golden_datapoint_id})`}.
                </>
              ) : (
                <>Rejected{item.note ? `: ${item.note}` : ' (no reason given)'}.</>
              )}
              {item.outcome === 'approved' && item.note && <> Note: {item.note}</>} Press <kbd>n</kbd> for the next
              item.
            </p>
          )}
          <div class={styles.columns}>
            <section class={styles.column} aria-label="Input">
              <h4>Input</h4>
              <MessageList value={item.datapoint.input} label="Input messages" testId="review-input" />
            </section>
            <section class={styles.column} aria-label="Output">
              <h4>{item.edited || editing ? 'Original output' : 'Output'}</h4>
              <MessageList value={item.datapoint.output} label="Original output" testId="review-original-output" />
            </section>
            {editing ? (
              <section class={styles.column} aria-label="Edit">
                <h4>Your edit</h4>
                <OutputEditor
                  initial={item.output}
                  busy={busy}
                  engineError={session.error?.message ?? null}
                  onCancel={() => setEditing(false)}
                  onSave={async (output) => {
                    const saved = await session.edit(output);
                    if (saved) setEditing(false);
                    return saved;
                  }}
                />
              </section>
            ) : (
              item.edited && (
                <section class={styles.column} aria-label="Edited output">
                  <h4>Edited output</h4>
                  <MessageList value={item.edited_output} label="Edited output" testId="review-edited-output" />
                </section>
              )
            )}
          </div>
          {held && !editing && (
            <div class={styles.actions} role="group" aria-label="Judge the item">
              <button type="button" class="button" disabled={busy} onClick={() => setEditing(true)}>
                Edit output <kbd>e</kbd>
              </button>
              <span class={styles.judge}>
                <label class="field">
                  <span class="visually-hidden">Approval note (optional)</span>
                  <input
                    type="text"
                    placeholder="note (optional)"
                    value={note}
                    onInput={(e) => setNote((e.currentTarget as HTMLInputElement).value)}
                  />
                </label>
                <button type="button" class={`button ${styles.approve}`} disabled={busy} onClick={approve}>
                  Approve <kbd>a</kbd>
                </button>
              </span>
              <span class={styles.judge}>
                <label class="field">
                  <span class="visually-hidden">Rejection reason (optional)</span>
                  <input
                    type="text"
                    placeholder="reason (optional)"
                    value={reason}
                    onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
                  />
                </label>
                <button type="button" class={`button ${styles.reject}`} disabled={busy} onClick={reject}>
                  Reject <kbd>r</kbd>
                </button>
              </span>
            </div>
          )}
        </article>
      )}
    </section>
  );
}
