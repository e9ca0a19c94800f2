// What an export left out, read from the recipe file it wrote (docs/EXPORT.md): the rows it
// rejected, grouped by reason, and for the formats that convert rows to conversations (openai-chat,
// hf) the rows written without their reasoning parts and those with tool calls but no tool
// definitions. Pure: no DOM, no state.

/** Rejected rows with one reason. */
export interface ReasonCount {
  reason: string;
  rows: number;
}

/** Rows an export wrote with something noted about them, and why. */
export interface NotedRows {
  rows: number;
  reason: string;
}

/** The export's report, as its recipe file holds it. */
export interface ExportReport {
  /** Rows written. */
  rows: number;
  /** Rows not written. */
  rejected: number;
  /**
   * The rejections the recipe lists (its first 1,000) grouped by reason, most rows first (ties by
   * reason); `listed` is how many rows those groups cover.
   */
  reasons: ReasonCount[];
  listed: number;
  /** openai-chat, hf: rows written with their reasoning parts left out; absent for other formats. */
  reasoningDropped?: NotedRows;
  /** openai-chat, hf: rows written with tool calls but no tool definitions; absent for other formats. */
  toolCallsWithoutTools?: NotedRows;
}

/** How many reason groups the app shows before the rest are summed up. */
export const REASONS_SHOWN = 10;

/** Whether `name` is an export's recipe file (`<out>.recipe.json`, or `recipe.json` of an hf folder). */
export function isRecipeFile(name: string): boolean {
  return name === 'recipe.json' || name.endsWith('.recipe.json');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** The `{count, reason}` note under `key`, undefined when the recipe has none. */
function noted(recipe: Record<string, unknown>, key: string): NotedRows | undefined {
  const note = recipe[key];
  if (note === undefined) return undefined;
  if (!isObject(note) || !isCount(note['count']) || typeof note['reason'] !== 'string') {
    throw new Error(`the recipe's "${key}" is not {count, reason}`);
  }
  return { rows: note['count'], reason: note['reason'] };
}

/** The report in the text of an export's recipe file; throws on a recipe without these fields. */
export function exportReportOf(recipeText: string): ExportReport {
  const recipe: unknown = JSON.parse(recipeText);
  if (!isObject(recipe) || !isCount(recipe['rows'])) throw new Error('the recipe has no "rows" count');
  const rejected = recipe['rejected'];
  if (!isObject(rejected) || !isCount(rejected['count']) || !Array.isArray(rejected['rows'])) {
    throw new Error('the recipe\'s "rejected" is not {count, rows}');
  }
  const byReason = new Map<string, number>();
  for (const row of rejected['rows'] as unknown[]) {
    const reason = isObject(row) && typeof row['reason'] === 'string' ? row['reason'] : '(no reason given)';
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  const reasons = [...byReason]
    .map(([reason, rows]) => ({ reason, rows }))
    .sort((a, b) => b.rows - a.rows || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  const report: ExportReport = {
    rows: recipe['rows'],
    rejected: rejected['count'],
    reasons,
    listed: rejected['rows'].length,
  };
  const reasoning = noted(recipe, 'reasoning_dropped');
  const calls = noted(recipe, 'tool_calls_without_tools');
  if (reasoning) report.reasoningDropped = reasoning;
  if (calls) report.toolCallsWithoutTools = calls;
  return report;
}
