// Rewrites the text of an answer: every string of a JSON-like value (errors' messages and details,
// reports), for host paths (host_paths.ts) and the library's words (library_words.ts).

/** A copy of a JSON-like value with `f` applied to every string in it (other values kept). */
export function mapStrings<T>(value: T, f: (text: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)])) as T;
  }
  return value;
}
