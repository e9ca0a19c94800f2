// The item a reviewer is looking at in one queue, and what they can do with it: Next (claims the
// next pending item), open an item from the list, Skip (claims another pending item and gives this
// one back), Release, Edit, Approve, Reject. Every engine refusal is kept to show inline.
import { useEffect, useRef, useState } from 'preact/hooks';
import { TraceSiftError, type ReviewItemDetails, type TraceSift } from 'tracesift';

/** What the review view shows and does. */
export interface ReviewSession {
  /** The item shown (claimed by the reviewer, or completed), or null. */
  item: ReviewItemDetails | null;
  /** A line about the last step ("Nothing left to review", "Item 3 released"), or null. */
  notice: string | null;
  error: TraceSiftError | null;
  busy: boolean;
  next: () => Promise<void>;
  open: (id: number) => Promise<void>;
  skip: () => Promise<void>;
  release: () => Promise<void>;
  /** Saves an edited output; resolves to false (with `error` set) when the engine refused it. */
  edit: (output: unknown) => Promise<boolean>;
  approve: (note: string) => Promise<void>;
  reject: (reason: string) => Promise<void>;
}

/** The session of `reviewer` in `queue`; `onChanged` is called after every change to the queue. */
export function useReviewSession(
  ts: TraceSift | null,
  queue: string | null,
  reviewer: string,
  onChanged: (approved: boolean) => void,
): ReviewSession {
  const [item, setItem] = useState<ReviewItemDetails | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<TraceSiftError | null>(null);
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const changed = useRef(onChanged);
  changed.current = onChanged;

  // Another queue (or reviewer): nothing shown.
  useEffect(() => {
    setItem(null);
    setNotice(null);
    setError(null);
  }, [ts, queue, reviewer]);

  /** Runs one step unless another is running; its error is kept, never thrown. */
  const step = async (work: (ts: TraceSift, queue: string) => Promise<void>): Promise<boolean> => {
    if (!ts || queue === null || reviewer === '' || running.current) return false;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await work(ts, queue);
      return true;
    } catch (e) {
      setError(TraceSiftError.from(e));
      return false;
    } finally {
      running.current = false;
      setBusy(false);
    }
  };
  const held = () => (item && item.state === 'claimed' && item.reviewer === reviewer ? item : null);

  return {
    item,
    notice,
    error,
    busy,
    next: async () => {
      await step(async (ts, queue) => {
        const next = await ts.claimNextReviewItem(queue, reviewer);
        setItem(next);
        setNotice(next ? null : 'Nothing left to review in this queue: every item is completed or claimed.');
        changed.current(false);
      });
    },
    open: async (id) => {
      await step(async (ts) => {
        let shown = await ts.showReviewItem(id);
        if (shown.state === 'pending' || (shown.state === 'claimed' && shown.reviewer === reviewer)) {
          await ts.claimReviewItem(id, reviewer);
          shown = await ts.showReviewItem(id);
          changed.current(false);
        }
        setItem(shown);
        setNotice(
          shown.state === 'claimed' && shown.reviewer !== reviewer
            ? `Item ${id} is claimed by ${shown.reviewer}.`
            : null,
        );
      });
    },
    skip: async () => {
      const current = held();
      if (!current) return;
      await step(async (ts, queue) => {
        // The oldest pending item is the next one; the skipped item goes back to pending after it.
        const [other] = (await ts.listReviewItems(queue, { state: 'pending', limit: 1 })).items;
        if (!other) {
          setNotice('No other pending item to skip to.');
          return;
        }
        await ts.claimReviewItem(other.id, reviewer);
        await ts.releaseReviewItem(current.id, reviewer);
        setItem(await ts.showReviewItem(other.id));
        setNotice(`Skipped item ${current.id}: it is pending again.`);
        changed.current(false);
      });
    },
    release: async () => {
      const current = held();
      if (!current) return;
      await step(async (ts) => {
        await ts.releaseReviewItem(current.id, reviewer);
        setItem(null);
        setNotice(`Item ${current.id} released: it is pending again.`);
        changed.current(false);
      });
    },
    edit: async (output) => {
      const current = held();
      if (!current) return false;
      return step(async (ts) => {
        await ts.editReviewItem(current.id, reviewer, output);
        setItem(await ts.showReviewItem(current.id));
        changed.current(false);
      });
    },
    approve: async (note) => {
      const current = held();
      if (!current) return;
      await step(async (ts) => {
        await ts.approveReviewItem(current.id, reviewer, note.trim() === '' ? undefined : note.trim());
        setItem(await ts.showReviewItem(current.id));
        setNotice(null);
        changed.current(true);
      });
    },
    reject: async (reason) => {
      const current = held();
      if (!current) return;
      await step(async (ts) => {
        await ts.rejectReviewItem(current.id, reviewer, reason.trim() === '' ? undefined : reason.trim());
        setItem(await ts.showReviewItem(current.id));
        setNotice(null);
        changed.current(false);
      });
    },
  };
}
