// Entry point: starts the engine (and, on a first start, the sample fetch) before the UI code
// loads, then loads the styles and the app and mounts it. The UI is a separate chunk, so its
// parsing overlaps the engine's start instead of delaying it.
import { startEarly } from './earlyStart';
import './styles.css';

startEarly();
const [{ render }, { App }] = await Promise.all([import('preact'), import('./App')]);
render(<App />, document.getElementById('app')!);
