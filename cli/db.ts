// Opens the database a command names with --db, and closes it when the command is done.
import { EngineApi } from '../worker/src/engine_api.js';
import { hostPath, loadNodeModule } from '../worker/src/load_node.js';
import { UsageError } from './usage.js';

/** Runs `body` on the database at `db` (created if missing), closing it afterwards. */
export async function withDb<T>(
  db: string | undefined,
  command: string,
  body: (api: EngineApi) => Promise<T>,
): Promise<T> {
  if (!db) throw new UsageError(`${command} needs --db PATH`, { field: '--db' });
  const api = new EngineApi(await loadNodeModule(), hostPath(db));
  try {
    return await body(api);
  } finally {
    api.close();
  }
}
