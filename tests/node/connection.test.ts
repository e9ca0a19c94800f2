// The client's Connection settles every request: answers resolve or reject by id, and a dead or
// closed worker rejects everything pending and everything after.
import { describe, expect, it } from 'vitest';
import { Connection } from '../../dist/web/src/connection.js';
import { TraceSiftError } from '../../dist/worker/src/errors.js';

/** A stand-in Worker that records posts and lets the test play the worker's side. */
class FakeWorker extends EventTarget {
  posted: { message: { id: number; type: string }; transfer: ArrayBuffer[] }[] = [];
  terminated = false;
  postMessage(message: { id: number; type: string }, transfer: ArrayBuffer[] = []) {
    this.posted.push({ message, transfer });
  }
  terminate() {
    this.terminated = true;
  }
  reply(data: unknown) {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
  crash(message: string) {
    const event = new Event('error') as Event & { message: string };
    event.message = message;
    this.dispatchEvent(event);
  }
}

function connect() {
  const worker = new FakeWorker();
  return { worker, connection: new Connection(worker as unknown as Worker) };
}

describe('Connection', () => {
  it('matches responses to requests by id, in any order', async () => {
    const { worker, connection } = connect();
    const a = connection.call('count', [{}]);
    const b = connection.call('count', [{ model: 'x' }]);
    const [first, second] = worker.posted.map((p) => p.message.id);
    worker.reply({ id: second, ok: true, result: 2 });
    worker.reply({ id: first, ok: true, result: 1 });
    await expect(a).resolves.toBe(1);
    await expect(b).resolves.toBe(2);
  });

  it('rejects with a TraceSiftError carrying the code and details', async () => {
    const { worker, connection } = connect();
    const p = connection.call('count', [{}]);
    worker.reply({
      id: worker.posted[0]!.message.id,
      ok: false,
      error: { code: 'invalid_filter', message: 'bad key', details: { field: 'modle' } },
    });
    const e = await p.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TraceSiftError);
    expect(e).toMatchObject({ code: 'invalid_filter', message: 'bad key', details: { field: 'modle' } });
  });

  it('rejects every pending call when the worker dies, and every later call too', async () => {
    const { worker, connection } = connect();
    const pending = [connection.call('count', [{}]), connection.call('spans', { filter: {}, query: { limit: 1 } })];
    worker.crash('out of memory');
    for (const p of pending) await expect(p).rejects.toMatchObject({ code: 'worker_failed' });
    await expect(connection.call('count', [{}])).rejects.toMatchObject({ code: 'worker_failed' });
    expect(worker.terminated).toBe(true);
  });

  it('explains a worker that fails before its first answer, and only then', async () => {
    const worker = new FakeWorker();
    const reasons: string[] = [];
    const explain = async (reason: string) => {
      reasons.push(reason);
      return new TraceSiftError('worker_failed', 'explained', { url: 'http://x/worker.js', status: 404 });
    };
    const connection = new Connection(worker as unknown as Worker, explain);
    const pending = connection.call('open', { path: ':memory:' });
    worker.crash('');
    await expect(pending).rejects.toMatchObject({
      code: 'worker_failed',
      message: 'explained',
      details: { status: 404 },
    });
    expect(reasons).toEqual(['']);
    expect(worker.terminated).toBe(true);

    // A worker that answered once and then dies is not a load failure: the plain error, no diagnosis.
    const later = new FakeWorker();
    const answered = new Connection(later as unknown as Worker, explain);
    const first = answered.call('count', [{}]);
    later.reply({ id: later.posted[0]!.message.id, ok: true, result: 1 });
    await expect(first).resolves.toBe(1);
    const second = answered.call('count', [{}]);
    later.crash('out of memory');
    await expect(second).rejects.toMatchObject({
      code: 'worker_failed',
      message: 'the engine worker failed: out of memory',
    });
    expect(reasons).toEqual(['']);
  });

  it('transfers the chunk buffers it is given', async () => {
    const { worker, connection } = connect();
    const bytes = new ArrayBuffer(8);
    void connection.call('importChunk', { handle: 1, bytes }, [bytes]);
    expect(worker.posted[0]!.transfer).toEqual([bytes]);
  });
});
