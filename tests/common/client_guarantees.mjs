// The client's guarantees, observed through a real engine worker: a worker thread under node
// (tests/node/client_guarantees.test.ts) and a module Web Worker in Chromium (tests/pack). Every
// call settles, failures are TraceSiftErrors with a code and a message, imports and exports report
// progress and stop on an AbortSignal, close() and a dead worker reject what is pending. This file
// only observes (plain JavaScript, so the page can load it as is); the tests assert.

/** The query text at which a crashing worker (see below) throws instead of answering. */
export const CRASH_QUERY = '__crash__';

/** What happened to a promise: its value, or its error's name, code, message and details. */
async function outcome(promise) {
  try {
    return { ok: true, value: await promise };
  } catch (e) {
    return { ok: false, name: e?.name, code: e?.code, message: e?.message, details: e?.details };
  }
}

/**
 * Runs every check and returns what was observed.
 * @param {object} env
 * @param {(options?: object) => Promise<any>} env.open the package's open()
 * @param {Function} env.TraceSiftError the package's error class
 * @param {() => Worker} env.crashingWorker a real engine worker that throws an uncaught error, and
 *   answers nothing more, once it receives `count` of CRASH_QUERY
 * @param {() => Worker} env.missingWorker a worker whose script does not exist
 * @param {Blob} env.traces native span JSONL larger than one import chunk (4 MiB)
 */
export async function observeGuarantees({ open, TraceSiftError, crashingWorker, missingWorker, traces }) {
  const seen = {};

  // Errors: a TraceSiftError with a stable code, a message and details.
  {
    const ts = await open();
    let error;
    try {
      await ts.count({ modle: 'gpt-4o' });
    } catch (e) {
      error = e;
    }
    seen.error = {
      isTraceSiftError: error instanceof TraceSiftError,
      isError: error instanceof Error,
      code: error?.code,
      message: error?.message,
      field: error?.details?.field,
    };
    seen.queryError = await outcome(ts.count('cost>cheap'));
    await ts.close();
  }

  // Progress on import and export.
  {
    const ts = await open();
    const importEvents = [];
    const report = await ts.importFile(traces, { fileName: 'traces.jsonl', onProgress: (p) => importEvents.push(p) });
    const saved = await ts.saveDataset({ name: 'eval', type: 'eval', filter: 'kind:llm_call', seed: 1 });
    const exportEvents = [];
    const files = await ts.exportDataset('eval', 'jsonl', { onProgress: (p) => exportEvents.push(p) });
    const lines = (await files[0].blob.text()).split('\n').filter((l) => l !== '').length;
    seen.progress = {
      size: traces.size,
      report,
      total: await ts.count(),
      importEvents,
      saved: { rows: saved.rows },
      exportEvents,
      files: files.map((f) => ({ name: f.name, bytes: f.blob.size })),
      exportedLines: lines,
    };

    // Cancellation: before the start, and part way (after the first piece).
    const before = new AbortController();
    before.abort();
    const during = new AbortController();
    seen.abortExport = {
      before: await outcome(ts.exportDataset('eval', 'jsonl', { signal: before.signal })),
      during: await outcome(
        ts.exportDataset('eval', 'csv', { signal: during.signal, onProgress: () => during.abort() }),
      ),
      // The cancelled export released its handle: the next one runs to the end.
      after: (await outcome(ts.exportDataset('eval', 'csv'))).ok,
    };
    await ts.close();
  }
  {
    const ts = await open();
    const before = new AbortController();
    before.abort();
    const during = new AbortController();
    const beforeOutcome = await outcome(ts.importFile(traces, { signal: before.signal }));
    const countBefore = await ts.count();
    const duringOutcome = await outcome(
      ts.importFile(traces, { signal: during.signal, onProgress: () => during.abort() }),
    );
    // The outcome's details hold the cancelled import's report; committed batches stay.
    seen.abortImport = { before: beforeOutcome, countBefore, during: duringOutcome, countAfter: await ts.count() };
    await ts.close();
  }

  // close(): calls still running or made later reject with "closed"; closing again resolves.
  {
    const ts = await open();
    let closing;
    const running = ts.importFile(traces, {
      onProgress: () => {
        closing ??= ts.close();
      },
    });
    seen.close = {
      running: await outcome(running),
      close: await outcome(closing),
      later: await outcome(ts.count()),
      again: await outcome(ts.close()),
    };
  }

  // A worker that dies: every pending call rejects with "worker_failed", and so does every later one.
  {
    const ts = await open({ worker: crashingWorker() });
    const pending = [ts.count(CRASH_QUERY), ts.spans(), ts.facets(), ts.listDatasets()];
    const settled = await Promise.all(pending.map(outcome));
    seen.crash = { pending: settled, later: await outcome(ts.count()), close: await outcome(ts.close()) };
  }

  // A worker that never starts: open() rejects instead of waiting.
  seen.missing = await outcome(open({ worker: missingWorker() }));
  return seen;
}
