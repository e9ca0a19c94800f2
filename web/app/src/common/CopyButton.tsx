// A small "Copy" button putting a value on the clipboard, saying "Copied" (or why it could not).
import { useEffect, useState } from 'preact/hooks';
import styles from './copyButton.module.css';

/** Copies `value`; `label` names what is copied for screen readers. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [outcome, setOutcome] = useState<'copied' | 'failed' | null>(null);
  useEffect(() => {
    if (outcome === null) return;
    const timer = setTimeout(() => setOutcome(null), 1500);
    return () => clearTimeout(timer);
  }, [outcome]);
  const copy = () => {
    // The clipboard may be refused (no permission, an insecure context): say so, never throw.
    const write = navigator.clipboard?.writeText(value) ?? Promise.reject(new Error('no clipboard'));
    write.then(
      () => setOutcome('copied'),
      () => setOutcome('failed'),
    );
  };
  return (
    <button type="button" class={styles.copy} aria-label={`Copy ${label}`} onClick={copy}>
      {outcome === 'copied' ? 'Copied' : outcome === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}
