// Keyboard shortcuts of the review view, on the whole page while it is shown; they do nothing while
// a text field, text area or list has the focus (typing "a" in a note must not approve), or with
// Ctrl, Alt or Meta held.
import { useEffect, useRef } from 'preact/hooks';

/** What each key does (lower-case key names). */
export type KeyHandlers = Record<string, () => void>;

/** True when the event's target takes typed text (or choices) itself. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
  }
  return false;
}

/** Listens for the keys of `handlers` while `active`. */
export function useReviewKeys(active: boolean, handlers: KeyHandlers) {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
      if (isTypingTarget(event.target)) return;
      const handler = latest.current[event.key.toLowerCase()];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [active]);
}
