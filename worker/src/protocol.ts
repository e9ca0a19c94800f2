// The one protocol between the client (main thread) and the worker. Each message type maps to
// its arguments and result; the dispatcher and the client are both derived from this map.
import type { ErrorPayload } from './errors.js';
import type {
  BackfillResult,
  CaptureRule,
  Dataset,
  DatasetDetails,
  DatasetInput,
  DatasetReport,
  DatasetRequest,
  ExportFormat,
  ExportPiece,
  Facets,
  FilterSpec,
  ImportFormat,
  ImportProgress,
  ImportReport,
  RuleDeleted,
  RuleInput,
  RulePatch,
  RulePreview,
  SpanDetail,
  SpansQuery,
  SpanStats,
  StatsOptions,
} from './types.js';

/** Every request the worker answers: `args` in, `result` out. */
export interface Methods {
  /** Opens the database (":memory:" or a path in the module's file system). */
  open: { args: { path: string }; result: { version: string } };
  /** Number of matching spans. */
  count: { args: { filter: FilterSpec }; result: number };
  /** One page of matching spans as JSONL bytes (transferred), and the next page's cursor. */
  spans: { args: { filter: FilterSpec; query: SpansQuery }; result: { bytes: ArrayBuffer; nextCursor: string | null } };
  /** Facet counts and value ranges of the matching spans. */
  facets: { args: { filter: FilterSpec }; result: Facets };
  /** One span by id with its full record and its trace's spans. */
  span: { args: { spanId: string }; result: SpanDetail };
  /** Volume, tokens, cost and failures of the matching spans over time, and by model. */
  stats: { args: { filter: FilterSpec; options: StatsOptions }; result: SpanStats };
  /** Creates a capture rule (and its dataset, as a collection, if missing). */
  addRule: { args: { rule: RuleInput }; result: CaptureRule };
  /** The rules of one dataset, or of all (`dataset` absent). */
  listRules: { args: { dataset?: string }; result: CaptureRule[] };
  /** Changes a rule. */
  updateRule: { args: { id: number; patch: RulePatch }; result: CaptureRule };
  /** Deletes a rule; its datapoints stay. */
  deleteRule: { args: { id: number }; result: RuleDeleted };
  /** Applies a rule to the spans already stored. */
  backfillRule: { args: { id: number }; result: BackfillResult };
  /** What a rule draft would capture from the stored spans; nothing is saved. */
  previewRule: { args: { rule: RuleInput }; result: RulePreview };
  /** What rule `id` changed by `patch` would capture from the stored spans; nothing is saved. */
  previewRuleUpdate: { args: { id: number; patch: RulePatch }; result: RulePreview };
  /** Creates an empty dataset. */
  createDataset: { args: { dataset: DatasetInput }; result: Dataset };
  /** Every dataset. */
  listDatasets: { args: Record<string, never>; result: Dataset[] };
  /** Saves an eval or training dataset from a filter. */
  saveDataset: { args: { request: DatasetRequest }; result: DatasetReport };
  /** The report saveDataset would give for the same request, writing nothing (a dry run). */
  previewDataset: { args: { request: DatasetRequest }; result: DatasetReport };
  /** A dataset with its recipe. */
  showDataset: { args: { name: string }; result: DatasetDetails };
  /** Renames a dataset. */
  renameDataset: { args: { name: string; newName: string }; result: Dataset };
  /** Deletes a dataset with its datapoints and rules. */
  deleteDataset: { args: { name: string }; result: { deleted: string; datapoints: number } };
  /** Starts exporting a dataset. */
  exportBegin: { args: { name: string; format: ExportFormat }; result: { handle: number; files: string[] } };
  /** The next piece of an export; its bytes are transferred. */
  exportNext: { args: { handle: number }; result: Omit<ExportPiece, 'bytes'> & { bytes: ArrayBuffer } };
  /** Abandons an export. */
  exportClose: { args: { handle: number }; result: null };
  /** Adds stored spans to a collection by hand. */
  addDatapoints: { args: { name: string; spanIds: string[] }; result: { added: number } };
  /** A dataset's datapoints, oldest first, as JSONL bytes (transferred). */
  datasetRows: { args: { name: string; limit: number; offset: number }; result: ArrayBuffer };
  /** Starts an import; chunks follow with the returned handle. */
  importBegin: { args: { fileName: string; format: ImportFormat }; result: { handle: number } };
  /** One chunk of file bytes (transferred). */
  importChunk: { args: { handle: number; bytes: ArrayBuffer }; result: ImportProgress };
  /** Ends an import. */
  importFinish: { args: { handle: number }; result: ImportReport };
  /** Abandons an import; committed batches stay. */
  importCancel: { args: { handle: number }; result: ImportReport };
  /** Closes the database. */
  close: { args: Record<string, never>; result: null };
}

/** A message type. */
export type Method = keyof Methods;
/** Arguments of a message type. */
export type Args<M extends Method> = Methods[M]['args'];
/** Result of a message type. */
export type Result<M extends Method> = Methods[M]['result'];

/** Client -> worker. */
export interface RequestEnvelope<M extends Method = Method> {
  id: number;
  type: M;
  args: Args<M>;
}

/** Worker -> client. `id` 0 is reserved for the worker's own fatal errors. */
export type ResponseEnvelope =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: ErrorPayload };

/** The ArrayBuffers of a value that should be transferred rather than copied. */
export function transferablesOf(value: unknown): ArrayBuffer[] {
  if (value instanceof ArrayBuffer) return [value];
  if (value && typeof value === 'object' && 'bytes' in value) {
    const bytes = (value as { bytes: unknown }).bytes;
    if (bytes instanceof ArrayBuffer) return [bytes];
  }
  return [];
}
