// The bundled sample traces, fetched from the app's own origin and imported on first start.

/** Where the build puts the sample file, relative to the page. */
export const SAMPLE_URL = './samples/sample-traces.jsonl';
/** The name import reports use for it. */
export const SAMPLE_FILE_NAME = 'sample-traces.jsonl';

/** Fetches the sample traces as a File; rejects with an Error a person can read. */
export async function fetchSampleFile(): Promise<File> {
  let response: Response;
  try {
    // Asking for JSON lines (not */*) keeps SPA servers from answering a missing file with index.html.
    response = await fetch(SAMPLE_URL, { headers: { Accept: 'application/x-ndjson, application/jsonl' } });
  } catch (e) {
    throw new Error(`could not fetch ${SAMPLE_URL}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!response.ok) throw new Error(`could not fetch ${SAMPLE_URL}: HTTP ${response.status}`);
  if (response.headers.get('content-type')?.startsWith('text/html')) {
    throw new Error(`${SAMPLE_URL} is missing (the server answered with an HTML page)`);
  }
  const blob = await response.blob();
  return new File([blob], SAMPLE_FILE_NAME, { type: 'application/x-ndjson' });
}

/** Set once the app has opened a database in this browser: later starts skip the prefetch. */
const STARTED_KEY = 'tracesift.started';

/**
 * On what looks like a first start in this browser, starts fetching the samples while the engine
 * opens (they are imported only if the database turns out empty); null on later starts.
 */
export function prefetchSamples(): Promise<File> | null {
  let started: string | null = null;
  try {
    started = localStorage.getItem(STARTED_KEY);
    localStorage.setItem(STARTED_KEY, '1');
  } catch {
    // storage refused (a sandboxed page): fetch when needed
  }
  if (started) return null;
  const file = fetchSampleFile();
  file.catch(() => undefined); // not needed, or reported when it is used
  return file;
}
