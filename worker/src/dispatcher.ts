// Answers protocol requests with a table of handlers, one per message type of protocol.ts.
import { TraceSiftError } from './errors.js';
import {
  transferablesOf,
  type Args,
  type Method,
  type RequestEnvelope,
  type ResponseEnvelope,
  type Result,
} from './protocol.js';

/** One handler per message type; the compiler checks the table against protocol.ts. */
export type Handlers = { [M in Method]: (args: Args<M>) => Result<M> | Promise<Result<M>> };

/** Sends a response, transferring the listed buffers; `method` is the request's type. */
export type Post = (message: ResponseEnvelope, transfer: ArrayBuffer[], method: Method) => void;

/** A function that answers one request envelope through `post`. Never throws. */
export function createDispatcher(handlers: Handlers, post: Post): (request: RequestEnvelope) => Promise<void> {
  return async (request) => {
    try {
      const handler = handlers[request.type] as ((args: unknown) => unknown) | undefined;
      if (typeof handler !== 'function') {
        throw new TraceSiftError('invalid_argument', `unknown message type '${String(request.type)}'`);
      }
      const result = await handler(request.args);
      post({ id: request.id, ok: true, result }, transferablesOf(result), request.type);
    } catch (e) {
      post({ id: request.id, ok: false, error: TraceSiftError.from(e).toPayload() }, [], request.type);
    }
  };
}
