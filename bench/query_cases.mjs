// The query-latency cases of the query benchmark (issue 4): filter objects (docs/CONTRACT.md filter keys)
// built from the value sets of `node bench/generate.mjs --seed 42` data, so the same list runs
// through the engine (bench/query_chromium.mjs) and the sql.js peer (bench/peers/sqljs_query.mjs).
//
// The generated data (any --spans, seed 42): started_at spread over the 30 days before
// 2025-06-01T00:00:00Z; environment production 85% / staging 10% / development 5%; task
// support-triage 32%, rag-answer 25%, summarize-ticket 13%, sql-generation 10%, code-review 10%,
// classify-intent 9%; provider (LLM and embedding spans only, half the spans) openai 32%,
// anthropic 11%, google 5%, mistral 2%; status completed 96% / failed 4% (no final span stays
// running); names like "chat gpt-4o-mini", "invoke_agent sql_agent", "execute_tool refund_order",
// "retrieve kb-docs", "embeddings text-embedding-3-small", "rag_pipeline".
//
// Each case: {id, group, filter, sort?, order?, pageOnly?}. `group` is one of single, pair,
// triple, all-six, name, selective, empty, sorted. Sorted cases time only the first page (their
// count and facets are those of an unsorted case).

/** End of the generated data's time window (generate.mjs --end default). */
export const DATA_END = '2025-06-01T00:00:00Z';
/** Start of the window (--days 30). */
export const DATA_START = '2025-05-02T00:00:00Z';

const WEEK = { since: '2025-05-25T00:00:00Z', until: '2025-06-01T00:00:00Z' };
const DAY = { since: '2025-05-15T00:00:00Z', until: '2025-05-16T00:00:00Z' };
const TEN_DAYS = { since: '2025-05-10T00:00:00Z', until: '2025-05-20T00:00:00Z' };
const HOUR = { since: '2025-05-20T12:00:00Z', until: '2025-05-20T13:00:00Z' };

/** The cases, in run order. */
export const QUERY_CASES = [
  // Every seed filter alone (and no filter at all).
  { id: 'all', group: 'single', filter: {} },
  { id: 'env=production', group: 'single', filter: { environment: 'production' } },
  { id: 'env=staging', group: 'single', filter: { environment: 'staging' } },
  { id: 'task=sql-generation', group: 'single', filter: { task: 'sql-generation' } },
  { id: 'provider=anthropic', group: 'single', filter: { provider: 'anthropic' } },
  { id: 'model=gpt-4o', group: 'single', filter: { model: 'gpt-4o' } },
  { id: 'status=failed', group: 'single', filter: { status: 'failed' } },
  { id: 'time=last-7d', group: 'single', filter: { ...WEEK } },
  { id: 'time=1d', group: 'single', filter: { ...DAY } },

  // Pairs.
  { id: 'provider+model', group: 'pair', filter: { provider: 'openai', model: 'gpt-4o-mini' } },
  { id: 'env+status', group: 'pair', filter: { environment: 'production', status: 'failed' } },
  { id: 'task+provider', group: 'pair', filter: { task: 'rag-answer', provider: 'google' } },
  { id: 'model+time-7d', group: 'pair', filter: { model: 'claude-sonnet-4-5', ...WEEK } },
  { id: 'env+task', group: 'pair', filter: { environment: 'staging', task: 'code-review' } },
  { id: 'status+provider', group: 'pair', filter: { status: 'failed', provider: 'anthropic' } },
  { id: 'task+time-1d', group: 'pair', filter: { task: 'support-triage', ...DAY } },
  { id: 'provider+env', group: 'pair', filter: { provider: 'mistral', environment: 'development' } },

  // Triples and all six.
  {
    id: 'env+task+model',
    group: 'triple',
    filter: { environment: 'production', task: 'support-triage', model: 'gpt-4o-mini' },
  },
  { id: 'provider+status+time-7d', group: 'triple', filter: { provider: 'anthropic', status: 'failed', ...WEEK } },
  {
    id: 'all-six-common',
    group: 'all-six',
    filter: {
      environment: 'production',
      task: 'rag-answer',
      provider: 'openai',
      model: 'gpt-4o',
      status: 'completed',
      ...TEN_DAYS,
    },
  },
  {
    id: 'all-six-rare',
    group: 'all-six',
    filter: {
      environment: 'staging',
      task: 'support-triage',
      provider: 'openai',
      model: 'gpt-4o-mini',
      status: 'failed',
      since: '2025-05-02T00:00:00Z',
      until: '2025-05-16T00:00:00Z',
    },
  },

  // name_contains alone and combined.
  { id: 'name~chat', group: 'name', filter: { name_contains: 'chat' } },
  { id: 'name~refund_order', group: 'name', filter: { name_contains: 'refund_order' } },
  { id: 'name~sql_agent', group: 'name', filter: { name_contains: 'sql_agent' } },
  { id: 'name~gpt-4o+env', group: 'name', filter: { name_contains: 'gpt-4o', environment: 'production' } },
  {
    id: 'name~execute_tool+task+status',
    group: 'name',
    filter: { name_contains: 'execute_tool', task: 'support-triage', status: 'failed' },
  },
  { id: 'name~retrieve+time-1d', group: 'name', filter: { name_contains: 'retrieve', ...DAY } },

  // Selective filters (costs in the data are below $0.0015 a span).
  { id: 'model+env-tiny', group: 'selective', filter: { model: 'mistral-embed', environment: 'development' } },
  { id: 'model+time-1h', group: 'selective', filter: { model: 'gpt-4.1', ...HOUR } },
  { id: 'provider+min_cost', group: 'selective', filter: { provider: 'anthropic', min_cost: 0.0012 } },

  // Empty results: one an index can answer, one it cannot, one contradictory, one past the data.
  { id: 'empty:model=gpt-5', group: 'empty', filter: { model: 'gpt-5' } },
  { id: 'empty:name~no-such', group: 'empty', filter: { name_contains: 'no-such-span-name' } },
  { id: 'empty:provider+model', group: 'empty', filter: { provider: 'openai', model: 'claude-sonnet-4-5' } },
  { id: 'empty:since-2026', group: 'empty', filter: { since: '2026-01-01T00:00:00Z' } },

  // Sorted first pages.
  { id: 'sort:cost-desc', group: 'sorted', filter: {}, sort: 'cost', order: 'desc', pageOnly: true },
  {
    id: 'sort:tokens-desc+provider',
    group: 'sorted',
    filter: { provider: 'openai' },
    sort: 'tokens',
    order: 'desc',
    pageOnly: true,
  },
  {
    id: 'sort:duration-asc+task+env',
    group: 'sorted',
    filter: { task: 'rag-answer', environment: 'production' },
    sort: 'duration',
    order: 'asc',
    pageOnly: true,
  },
  {
    id: 'sort:cost-desc+name',
    group: 'sorted',
    filter: { name_contains: 'chat', ...WEEK },
    sort: 'cost',
    order: 'desc',
    pageOnly: true,
  },
];

/**
 * `n` capture rules for the import-overhead measurement: filters taken round-robin from the
 * non-empty, unsorted cases (never the match-everything one), sample rates spread evenly over
 * `lo`..`hi` (default 0.01..0.5).
 */
export function captureRules(n, { dataset = 'bench', lo = 0.01, hi = 0.5 } = {}) {
  const pool = QUERY_CASES.filter((c) => !c.pageOnly && c.group !== 'empty' && Object.keys(c.filter).length > 0);
  return Array.from({ length: n }, (_, i) => ({
    dataset,
    name: `r${i}`,
    filter: { ...pool[(i * 7) % pool.length].filter },
    sample_rate: +(lo + ((hi - lo) * i) / Math.max(1, n - 1)).toFixed(4),
  }));
}

/** Nearest-rank percentile (p in 0..100) of a list of numbers. */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Summarises timings `{caseId: {op: [ms...]}}` (warm-ups already dropped): per case p50/p95 and,
 * per operation, p50/p95 over all samples, the worst case p95 and how many cases meet `goals`.
 */
export function summarize(timings, goals = { page: 150, count: 150, facets: 300 }) {
  const round = (x) => (x == null ? null : +x.toFixed(2));
  const cases = {};
  const all = {};
  for (const [id, ops] of Object.entries(timings)) {
    cases[id] = {};
    for (const [op, ms] of Object.entries(ops)) {
      cases[id][op] = { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)) };
      (all[op] ??= []).push({ id, ms });
    }
  }
  const overall = {};
  for (const [op, list] of Object.entries(all)) {
    const samples = list.flatMap((x) => x.ms);
    const worst = list.reduce((w, x) => (percentile(x.ms, 95) > percentile(w.ms, 95) ? x : w));
    const goal = goals[op];
    overall[op] = {
      p50: round(percentile(samples, 50)),
      p95: round(percentile(samples, 95)),
      worst_case: worst.id,
      worst_p95: round(percentile(worst.ms, 95)),
      goal_ms: goal,
      cases_meeting_goal: goal == null ? null : list.filter((x) => percentile(x.ms, 95) <= goal).length,
      cases: list.length,
    };
  }
  return { overall, cases };
}

/** A readable table of a summary (for stderr). */
export function formatTable(summary, counts = {}) {
  const ops = Object.keys(summary.overall);
  const head = ['case', 'rows', ...ops.flatMap((op) => [`${op} p50`, `${op} p95`])];
  const rows = Object.entries(summary.cases).map(([id, c]) => [
    id,
    counts[id] == null ? '' : String(counts[id]),
    ...ops.flatMap((op) => (c[op] ? [c[op].p50.toFixed(1), c[op].p95.toFixed(1)] : ['', ''])),
  ]);
  rows.push([
    'ALL (pooled)',
    '',
    ...ops.flatMap((op) => [summary.overall[op].p50.toFixed(1), summary.overall[op].p95.toFixed(1)]),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  for (const op of ops) {
    const o = summary.overall[op];
    out.push(
      `${op}: pooled p50 ${o.p50} ms, p95 ${o.p95} ms; worst case ${o.worst_case} p95 ${o.worst_p95} ms` +
        (o.goal_ms == null ? '' : `; ${o.cases_meeting_goal}/${o.cases} cases with p95 <= ${o.goal_ms} ms`),
    );
  }
  return out.join('\n');
}
