// The small pill naming a state or a type (a span's status, a dataset's type, an import's status, a
// review outcome), coloured by what the value means: one component and one set of styles for every
// page.
import styles from './badge.module.css';

/** What a badge's colour says. */
export type BadgeTone = 'ok' | 'bad' | 'warn' | 'accent' | 'muted';

/** The tone of each value a badge shows; others are `accent`. */
const TONES: Readonly<Record<string, BadgeTone>> = {
  // span statuses (running: accent), review states and outcomes (pending, claimed: accent)
  completed: 'ok',
  failed: 'bad',
  approved: 'ok',
  rejected: 'bad',
  // dataset types (training, golden: accent)
  eval: 'ok',
  collection: 'warn',
  // an import's file statuses (importing: accent; failed as above)
  queued: 'muted',
  done: 'ok',
  cancelled: 'warn',
};

/** `value` as a badge, in the tone it means (or `tone`). */
export function Badge({ value, tone }: { value: string; tone?: BadgeTone }) {
  const shown = tone ?? TONES[value] ?? 'accent';
  return <span class={shown === 'accent' ? styles.badge : `${styles.badge} ${styles[shown]}`}>{value}</span>;
}
