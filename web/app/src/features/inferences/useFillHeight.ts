// The height that lets an element reach down to the bottom of the window (at least MIN_HEIGHT), so
// the virtual table fills what the filter bar and the charts leave. Measured again when the window
// or the page above it changes size (charts collapsed, filter bar wrapping, an error shown).
import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** The smallest height given (px), so a short window still shows a useful table. */
export const MIN_HEIGHT = 240;
/** Room left under the element (px): the page's bottom padding. */
const MARGIN = 24;

/** The element's height to fill the window from where it starts in the page. */
export function useFillHeight(ref: RefObject<HTMLElement>): number {
  const [height, setHeight] = useState(MIN_HEIGHT);
  useEffect(() => {
    const measure = () => {
      const el = ref.current;
      // A hidden page has no layout: keep the last height.
      if (!el || el.offsetParent === null) return;
      const top = el.getBoundingClientRect().top + scrollY;
      setHeight(Math.max(MIN_HEIGHT, Math.floor(innerHeight - top - MARGIN)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    // The document's size changes when anything above the table does (and when the page shows).
    observer.observe(document.documentElement);
    if (ref.current?.parentElement) observer.observe(ref.current.parentElement);
    addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      removeEventListener('resize', measure);
    };
  }, []);
  return height;
}
