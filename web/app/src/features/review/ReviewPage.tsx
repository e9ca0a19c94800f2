// The Review queue page: queues (create with a golden dataset, progress, delete), enqueueing a
// dataset's or a capture rule's datapoints, the reviewer's name, and the review view where items
// are claimed, edited, approved into the golden dataset or rejected, with the items by state below.
import { useEffect, useState } from 'preact/hooks';
import type { EnqueueRequest, ReviewQueueInput } from 'tracesift';
import { useEngine } from '../../data/engine';
import { useEngineRead } from '../../data/useEngineRead';
import { EnqueueForm } from './EnqueueForm';
import { ItemList } from './ItemList';
import { ProgressCounts } from './ProgressCounts';
import { QueueForm } from './QueueForm';
import { QueueList } from './QueueList';
import { ReviewDesk } from './ReviewDesk';
import { ReviewerName } from './ReviewerName';
import { useReviewSession } from './useReviewSession';
import { useReviewer } from './useReviewer';
import layout from '../../common/layout.module.css';
import styles from './review.module.css';

interface Props {
  hidden: boolean;
}

/** The page. */
export function ReviewPage({ hidden }: Props) {
  const { ts, invalidate } = useEngine();
  const [selected, setSelected] = useState<string | null>(null);
  const [reviewer, setReviewer] = useReviewer();
  const queues = useEngineRead('queues', (engine) => engine.listReviewQueues(), { topics: ['review'] });
  const datasets = useEngineRead('datasets', (engine) => engine.listDatasets(), { topics: ['datasets'] });
  const rules = useEngineRead('rules', (engine) => engine.listRules(), { topics: ['rules'] });
  const queue = queues.data?.find((q) => q.name === selected) ?? null;
  // After each step of the review the queue's counts and items are read again; an approval also
  // adds a datapoint to the golden dataset.
  const session = useReviewSession(ts, queue?.name ?? null, reviewer, (approved) =>
    approved ? invalidate('review', 'datasets') : invalidate('review'),
  );

  // Start on the first queue; follow the list when the chosen one goes away.
  useEffect(() => {
    const list = queues.data;
    if (!list || (selected !== null && list.some((q) => q.name === selected))) return;
    setSelected(list[0]?.name ?? null);
  }, [queues.data, selected]);

  const create = async (input: ReviewQueueInput) => {
    if (!ts) throw new Error('The engine is not ready yet.');
    const created = await ts.createReviewQueue(input);
    setSelected(created.name);
    invalidate('review', 'datasets'); // the golden dataset may be new
  };
  const remove = async (name: string) => {
    if (!ts) throw new Error('The engine is not ready yet.');
    await ts.deleteReviewQueue(name);
    if (selected === name) setSelected(null);
    invalidate('review');
  };
  const enqueue = async (request: EnqueueRequest) => {
    if (!ts) throw new Error('The engine is not ready yet.');
    const result = await ts.addReviewItems(request);
    invalidate('review');
    return result;
  };

  return (
    <section class={`page ${styles.page}`} aria-label="Review queue" hidden={hidden} data-testid="page-review">
      <header class="page-head">
        <div>
          <h2>Review queue</h2>
          <p class="muted">
            Reviewers take items one at a time, may edit the output (the original is kept), and approve them into the
            queue’s golden dataset or reject them.
          </p>
        </div>
        <ReviewerName name={reviewer} onName={setReviewer} />
      </header>
      {queues.error && (
        <p class="error-text" role="alert">
          The queues could not be listed: {queues.error.message}
        </p>
      )}
      <div class={styles.body}>
        <aside class={styles.side}>
          <section class={styles.box} aria-label="Queues">
            <h3>Queues</h3>
            <QueueList queues={queues.data} selected={queue?.name ?? null} onSelect={setSelected} onDelete={remove} />
          </section>
          <section class={styles.box}>
            <QueueForm datasets={datasets.data ?? []} onCreate={create} disabled={!ts} />
          </section>
          {queue && (
            <section class={styles.box}>
              <EnqueueForm
                key={queue.name}
                queue={queue.name}
                golden={queue.golden}
                datasets={datasets.data ?? []}
                rules={rules.data ?? []}
                onEnqueue={enqueue}
                disabled={!ts}
              />
            </section>
          )}
        </aside>
        <div class={styles.main}>
          {queue === null ? (
            <p class={`${styles.empty} muted`} data-testid="review-no-queue">
              {queues.data === null ? 'Loading the queues…' : 'Create a queue to start reviewing.'}
            </p>
          ) : (
            <>
              <div class={styles.queueHead} data-testid="review-progress" data-queue={queue.name}>
                <h3>
                  {queue.name} <span class="muted">→ golden dataset</span>{' '}
                  <a href="#/datasets" class={layout.datasetName}>
                    {queue.golden}
                  </a>
                </h3>
                <ProgressCounts progress={queue.progress} />
              </div>
              <ReviewDesk queue={queue} reviewer={reviewer} session={session} active={!hidden} />
              <ItemList queue={queue} onOpen={(id) => void session.open(id)} />
            </>
          )}
        </div>
      </div>
    </section>
  );
}
