// The JavaScript peer of the query benchmark: what a developer would write without tracesift over
// the database bench/peers/sqljs_importer.mjs builds with sql.js — each filter object (docs/CONTRACT.md)
// translated to a parameterised WHERE clause, then a first page of full span objects, count(*),
// and facets as one GROUP BY per facet column plus min/max ranges. Runs under node and in a
// browser worker alike (no node imports).

/** Facet columns and numeric ranges, the same set as the engine's facets (worker/src/types.ts). */
export const FACET_COLUMNS = ['model', 'provider', 'environment', 'task', 'kind', 'status'];
const TOKENS = '(coalesce(input_tokens, 0) + coalesce(output_tokens, 0))';
const DURATION_NS = '(ended_ns - started_ns)';
const RANGES = { cost_usd: 'cost_usd', tokens: TOKENS, started_at: 'started_ns' };

const EXACT = ['model', 'provider', 'kind', 'status', 'environment', 'task', 'session_id', 'trace_id', 'user_id'];
const BOUNDS = {
  min_cost: ['cost_usd', '>=', 1],
  max_cost: ['cost_usd', '<=', 1],
  min_tokens: [TOKENS, '>=', 1],
  max_tokens: [TOKENS, '<=', 1],
  min_duration_ms: [DURATION_NS, '>=', 1e6],
  max_duration_ms: [DURATION_NS, '<=', 1e6],
};
const SORTS = { time: 'started_ns', cost: 'cost_usd', tokens: TOKENS, duration: DURATION_NS };
const UNIT_MS = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 };

/** RFC 3339 or relative ("7d", "24h") time -> the peer's started_ns scale (ms * 1e6). */
function timeNs(key, v, nowMs) {
  if (typeof v !== 'string') throw new Error(`${key}: expected a string`);
  const rel = /^(\d+)([smhdw])$/.exec(v);
  const ms = rel ? nowMs - Number(rel[1]) * UNIT_MS[rel[2]] : Date.parse(v);
  if (Number.isNaN(ms)) throw new Error(`${key}: not an RFC 3339 time: ${v}`);
  return ms * 1e6;
}

/**
 * A filter object -> {where, params}; values only ever as bound parameters. `except` leaves one
 * key's condition out (a facet's counts ignore their own key, as the engine's do).
 */
export function compileFilter(filter = {}, { except = null, nowMs = Date.now() } = {}) {
  const conds = [];
  const params = [];
  for (const [key, v] of Object.entries(filter)) {
    if (key === except) continue;
    if (EXACT.includes(key)) {
      if (typeof v !== 'string') throw new Error(`${key}: expected a string`);
      conds.push(`${key} = ?`);
      params.push(key === 'status' && v === 'successful' ? 'completed' : v);
    } else if (key === 'name_contains') {
      if (typeof v !== 'string') throw new Error(`${key}: expected a string`);
      conds.push('instr(name, ?) > 0');
      params.push(v);
    } else if (key in BOUNDS) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${key}: expected a number`);
      const [expr, op, scale] = BOUNDS[key];
      conds.push(`${expr} ${op} ?`);
      params.push(v * scale);
    } else if (key === 'since' || key === 'until') {
      conds.push(`started_ns ${key === 'since' ? '>=' : '<='} ?`);
      params.push(timeNs(key, v, nowMs));
    } else {
      throw new Error(`unknown filter key: ${key}`);
    }
  }
  return { where: conds.length ? conds.join(' AND ') : '1', params };
}

const iso = (ns) => (ns == null ? null : new Date(ns / 1e6).toISOString());
const parse = (text) => (text == null ? null : JSON.parse(text));

/** Runs `sql` with `params` and returns every row as an array of values. */
function all(db, sql, params) {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    const rows = [];
    while (stmt.step()) rows.push(stmt.get());
    return rows;
  } finally {
    stmt.free();
  }
}

/** Queries over one sql.js database built by importWithSqlJs. */
export class PeerQueries {
  constructor(db) {
    this.db = db;
  }

  /** First page of span objects, shaped like the engine's (times as RFC 3339, JSON parsed). */
  spans(filter = {}, { limit = 50, offset = 0, sort = 'time', order = 'desc' } = {}) {
    const { where, params } = compileFilter(filter);
    const key = SORTS[sort];
    if (!key) throw new Error(`unknown sort: ${sort}`);
    const dir = order === 'asc' ? 'ASC' : 'DESC';
    // Spans without the sort value come last in either direction, as in the engine.
    const nullsLast = sort === 'time' ? '' : `${key} IS NULL, `;
    const stmt = this.db.prepare(
      `SELECT * FROM spans WHERE ${where} ORDER BY ${nullsLast}${key} ${dir}, id ${dir} LIMIT ? OFFSET ?`,
    );
    try {
      stmt.bind([...params, limit, offset]);
      const spans = [];
      while (stmt.step()) {
        const r = stmt.getAsObject();
        spans.push({
          span_id: r.span_id,
          trace_id: r.trace_id,
          parent_span_id: r.parent_span_id,
          name: r.name,
          kind: r.kind,
          status: r.status,
          model: r.model,
          provider: r.provider,
          environment: r.environment,
          task: r.task,
          session_id: r.session_id,
          user_id: r.user_id,
          input_tokens: r.input_tokens,
          output_tokens: r.output_tokens,
          cost_usd: r.cost_usd,
          started_at: iso(r.started_ns),
          ended_at: iso(r.ended_ns),
          input: parse(r.input),
          output: parse(r.output),
          attributes: parse(r.attributes),
          error: r.error,
        });
      }
      return spans;
    } finally {
      stmt.free();
    }
  }

  /** Number of matching spans. */
  count(filter = {}) {
    const { where, params } = compileFilter(filter);
    return all(this.db, `SELECT count(*) FROM spans WHERE ${where}`, params)[0][0];
  }

  /**
   * {total, facets: {col: [{value, count}]}, ranges: {name: {min, max} | null}}: one GROUP BY per
   * facet column (each without its own key's condition, as the engine's) and one pass for the
   * total and the ranges.
   */
  facets(filter = {}) {
    const facets = {};
    for (const col of FACET_COLUMNS) {
      const { where, params } = compileFilter(filter, { except: col });
      facets[col] = all(
        this.db,
        `SELECT ${col}, count(*) AS n FROM spans WHERE ${where} GROUP BY ${col} ORDER BY n DESC, ${col}`,
        params,
      ).map(([value, count]) => ({ value, count }));
    }
    const { where, params } = compileFilter(filter);
    const names = Object.keys(RANGES);
    const row = all(
      this.db,
      `SELECT count(*), ${names.map((n) => `min(${RANGES[n]}), max(${RANGES[n]})`).join(', ')} FROM spans WHERE ${where}`,
      params,
    )[0];
    const ranges = {};
    names.forEach((n, i) => {
      const [min, max] = [row[1 + 2 * i], row[2 + 2 * i]];
      ranges[n] = min == null ? null : n === 'started_at' ? { min: iso(min), max: iso(max) } : { min, max };
    });
    return { total: row[0], facets, ranges };
  }
}

/**
 * Times every case: `reps` runs each of page / count / facets (the first discarded as warm-up).
 * `clock` returns ms. Returns {timings: {id: {op: [ms]}}, counts: {id: count}}.
 */
export function timeCases(peer, cases, { reps = 11, pageLimit = 50, clock = () => performance.now(), onCase } = {}) {
  const timings = {};
  const counts = {};
  for (const c of cases) {
    const ops = {
      page: () => peer.spans(c.filter, { limit: pageLimit, sort: c.sort ?? 'time', order: c.order ?? 'desc' }),
    };
    if (!c.pageOnly) {
      ops.count = () => peer.count(c.filter);
      ops.facets = () => peer.facets(c.filter);
    }
    timings[c.id] = {};
    for (const [op, fn] of Object.entries(ops)) {
      const ms = [];
      for (let i = 0; i < reps; i++) {
        const t0 = clock();
        const result = fn();
        const dt = clock() - t0;
        if (i > 0) ms.push(dt);
        if (op === 'count') counts[c.id] = result;
      }
      timings[c.id][op] = ms;
    }
    onCase?.(c.id, timings[c.id]);
  }
  return { timings, counts };
}
