// The client's guarantees through a real worker thread under node: the package's node entry
// (dist/web/src/node.js) over dist/worker/src/node_worker.js, and a copy of it that crashes.
import { openAsBlob } from 'node:fs';
import { describe, it } from 'vitest';
import { open, TraceSiftError } from '../../dist/web/src/node.js';
import { NodeThreadWorker } from '../../dist/web/src/node_thread.js';
import { observeGuarantees } from '../common/client_guarantees.mjs';
import { expectGuarantees } from '../common/expect_guarantees.js';
import { generateSpans } from './helpers.js';

const CRASHING_THREAD = new URL('./fixtures/crashing_thread.mjs', import.meta.url);

describe('client guarantees (worker thread)', () => {
  it('settles every call, reports progress, cancels, and rejects with TraceSiftErrors', async () => {
    // ~9 MB: three import chunks.
    const traces = await openAsBlob(generateSpans(9_000, 11));
    const seen = await observeGuarantees({
      open,
      TraceSiftError,
      crashingWorker: () => new NodeThreadWorker(CRASHING_THREAD) as unknown as Worker,
      missingWorker: () =>
        new NodeThreadWorker(new URL('./fixtures/no_such_worker.mjs', import.meta.url)) as unknown as Worker,
      traces,
    });
    expectGuarantees(seen);
  }, 120_000);
});
