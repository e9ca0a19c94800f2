// The reviewer's name, kept in this browser's localStorage so it is asked once.
import { useState } from 'preact/hooks';

/** The localStorage key of the name. */
export const REVIEWER_KEY = 'tracesift.reviewer';

function stored(): string {
  try {
    return localStorage.getItem(REVIEWER_KEY) ?? '';
  } catch {
    return ''; // storage refused (e.g. disabled cookies): asked again next time
  }
}

/** The name ('' until given) and the way to change it (saved for the next visit). */
export function useReviewer(): [string, (name: string) => void] {
  const [name, setName] = useState(stored);
  const set = (next: string) => {
    setName(next);
    try {
      localStorage.setItem(REVIEWER_KEY, next);
    } catch {
      // kept for this visit only
    }
  };
  return [name, set];
}
