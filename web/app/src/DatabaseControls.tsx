// The whole database: download it as a file (a consistent .sqlite copy), open one in its place
// (validated by the engine: a file that is not a tracesift database changes nothing), and check it
// (SQLite's integrity check, e.g. after a crash).
import { useId, useState } from 'preact/hooks';
import { TraceSiftError, type TraceSift } from 'tracesift';
import { downloadFiles } from './common/download';
import styles from './shell.module.css';

/** The name a downloaded database is saved under. */
export const DATABASE_FILE_NAME = 'tracesift.sqlite';

interface Props {
  ts: TraceSift | null;
  /** False while something else (an import) must not be disturbed. */
  enabled: boolean;
  /** After a file replaced the database: the spans it holds. */
  onOpened: (spans: number, fileName: string) => void;
  /** A message for the status line. */
  onStatus: (text: string, tone: 'info' | 'error') => void;
}

/** "Download database", "Open database…" and "Check". */
export function DatabaseControls({ ts, enabled, onOpened, onStatus }: Props) {
  const inputId = useId();
  const [busy, setBusy] = useState<'download' | 'open' | 'check' | null>(null);
  const usable = ts !== null && enabled && busy === null;

  const download = async () => {
    if (!ts) return;
    setBusy('download');
    onStatus('Copying the database…', 'info');
    try {
      const blob = await ts.downloadDatabase();
      await downloadFiles([{ name: DATABASE_FILE_NAME, blob }]);
      onStatus(`Database downloaded as ${DATABASE_FILE_NAME} (${(blob.size / 1e6).toFixed(1)} MB).`, 'info');
    } catch (e) {
      onStatus(`The database could not be downloaded: ${TraceSiftError.from(e).message}`, 'error');
    } finally {
      setBusy(null);
    }
  };

  const openFile = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!ts || !file) return;
    setBusy('open');
    onStatus(`Opening ${file.name}…`, 'info');
    try {
      const { spans } = await ts.openDatabaseFile(file);
      onOpened(spans, file.name);
    } catch (e) {
      const error = TraceSiftError.from(e);
      const why =
        error.code === 'not_a_database' || error.code === 'schema_too_new'
          ? `${file.name} was not opened: ${error.message}. The current database is unchanged.`
          : `${file.name} could not be opened: ${error.message}`;
      onStatus(why, 'error');
    } finally {
      setBusy(null);
    }
  };

  const check = async () => {
    if (!ts) return;
    setBusy('check');
    try {
      const { ok, report } = await ts.checkDatabase();
      onStatus(ok ? 'Database check: ok.' : `Database check found problems: ${report}`, ok ? 'info' : 'error');
    } catch (e) {
      onStatus(`The database could not be checked: ${TraceSiftError.from(e).message}`, 'error');
    } finally {
      setBusy(null);
    }
  };

  return (
    <div class={styles.databaseControls}>
      <button type="button" class="button" disabled={!usable} onClick={() => void download()} data-testid="download-db">
        {busy === 'download' ? 'Downloading…' : 'Download database'}
      </button>
      <input
        id={inputId}
        class="visually-hidden"
        type="file"
        accept=".sqlite,.sqlite3,.db,application/vnd.sqlite3,application/x-sqlite3"
        disabled={!usable}
        onChange={(e) => void openFile(e)}
        data-testid="open-db-input"
      />
      <label
        for={inputId}
        class={`button${usable ? '' : ' disabled'}`}
        title="Replace this database with a tracesift .sqlite file"
      >
        {busy === 'open' ? 'Opening…' : 'Open database…'}
      </label>
      <button
        type="button"
        class="button"
        disabled={!usable}
        onClick={() => void check()}
        title="Run SQLite's integrity check on the whole database"
        data-testid="check-db"
      >
        {busy === 'check' ? 'Checking…' : 'Check'}
      </button>
    </div>
  );
}
