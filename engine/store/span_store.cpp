#include "span_store.hpp"

#include <type_traits>

namespace tracesift::store {
namespace {

// Column list shared by SELECTs so row_to_span can read by position.
constexpr std::string_view kSpanColumns =
    "span_id, trace_id, parent_span_id, name, kind, status, model, provider, environment, task, session_id, "
    "user_id, input_tokens, output_tokens, cost_usd, started_ns, ended_ns, input, output, attributes, error";

Span row_to_span(const Statement& st) {
  Span s;
  s.span_id = st.column_text(0);
  s.trace_id = st.column_text(1);
  s.parent_span_id = st.column_opt_text(2);
  s.name = st.column_text(3);
  s.kind = parse_span_kind(st.column_text(4)).value_or(SpanKind::custom);
  s.status = parse_span_status(st.column_text(5)).value_or(SpanStatus::running);
  s.model = st.column_opt_text(6);
  s.provider = st.column_opt_text(7);
  s.environment = st.column_opt_text(8);
  s.task = st.column_opt_text(9);
  s.session_id = st.column_opt_text(10);
  s.user_id = st.column_opt_text(11);
  s.input_tokens = st.column_opt_int(12);
  s.output_tokens = st.column_opt_int(13);
  s.cost_usd = st.column_opt_double(14);
  s.started_ns = st.column_int(15);
  s.ended_ns = st.column_opt_int(16);
  s.input_json = st.column_opt_text(17);
  s.output_json = st.column_opt_text(18);
  s.attributes_json = st.column_text(19);
  s.error = st.column_opt_text(20);
  return s;
}

// Binds the 21 span fields to parameters 1..21 in kSpanColumns order.
void bind_span(Statement& st, const Span& s) {
  st.bind_text(1, s.span_id);
  st.bind_text(2, s.trace_id);
  st.bind_opt_text(3, s.parent_span_id);
  st.bind_text(4, s.name);
  st.bind_text(5, to_string(s.kind));
  st.bind_text(6, to_string(s.status));
  st.bind_opt_text(7, s.model);
  st.bind_opt_text(8, s.provider);
  st.bind_opt_text(9, s.environment);
  st.bind_opt_text(10, s.task);
  st.bind_opt_text(11, s.session_id);
  st.bind_opt_text(12, s.user_id);
  st.bind_opt_int(13, s.input_tokens);
  st.bind_opt_int(14, s.output_tokens);
  st.bind_opt_double(15, s.cost_usd);
  st.bind_int(16, s.started_ns);
  st.bind_opt_int(17, s.ended_ns);
  st.bind_opt_text(18, s.input_json);
  st.bind_opt_text(19, s.output_json);
  st.bind_text(20, s.attributes_json);
  st.bind_opt_text(21, s.error);
}

void bind_params(Statement& st, const SqlWhere& where, int first_index) {
  int i = first_index;
  for (const auto& p : where.params) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, int64_t>) {
            st.bind_int(i, v);
          } else if constexpr (std::is_same_v<T, double>) {
            st.bind_double(i, v);
          } else {
            st.bind_text(i, v);
          }
        },
        p);
    ++i;
  }
}

}  // namespace

SpanStore::SpanStore(Database& db)
    : db_(db),
      insert_(db.prepare("INSERT INTO spans (" + std::string(kSpanColumns) +
                         ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                         "ON CONFLICT(span_id) DO NOTHING")),
      select_by_id_(db.prepare("SELECT " + std::string(kSpanColumns) + ", id FROM spans WHERE span_id = ?")),
      update_(db.prepare(
          "UPDATE spans SET span_id=?1, trace_id=?2, parent_span_id=?3, name=?4, kind=?5, status=?6, model=?7, "
          "provider=?8, environment=?9, task=?10, session_id=?11, user_id=?12, input_tokens=?13, "
          "output_tokens=?14, cost_usd=?15, started_ns=?16, ended_ns=?17, input=?18, output=?19, "
          "attributes=?20, error=?21 WHERE span_id=?1")),
      select_by_rowid_(db.prepare("SELECT " + std::string(kSpanColumns) + " FROM spans WHERE id = ?")) {}

UpsertResult SpanStore::upsert(const Span& span, Span& merged) {
  // Fast path: a new id inserts in one statement; only a conflict pays for the read and merge.
  insert_.reset();
  bind_span(insert_, span);
  insert_.step();
  if (db_.changes() == 1) return {UpsertOutcome::inserted, db_.last_insert_rowid(), is_terminal(span.status)};

  select_by_id_.reset();
  select_by_id_.bind_text(1, span.span_id);
  if (!select_by_id_.step()) return {};  // unreachable: the conflict proves the row
  const Span stored = row_to_span(select_by_id_);
  const int64_t rowid = select_by_id_.column_int(21);
  select_by_id_.reset();
  merged = merge_spans(stored, span);
  if (merged == stored) return {};
  update_.reset();
  bind_span(update_, merged);
  update_.step();
  return {UpsertOutcome::updated, rowid, !is_terminal(stored.status) && is_terminal(merged.status)};
}

UpsertResult SpanStore::insert_only(const Span& span) {
  insert_.reset();
  bind_span(insert_, span);
  insert_.step();
  if (db_.changes() != 1) return {};
  return {UpsertOutcome::inserted, db_.last_insert_rowid(), is_terminal(span.status)};
}

void SpanStore::rows_jsonl(const std::vector<int64_t>& rowids, std::string& out) {
  for (const int64_t rowid : rowids) {
    select_by_rowid_.reset();
    select_by_rowid_.bind_int(1, rowid);
    if (!select_by_rowid_.step()) continue;
    append_span_json(row_to_span(select_by_rowid_), out);
    out += '\n';
  }
  select_by_rowid_.reset();
}

void SpanStore::list_jsonl_sql(const Filter& filter, int64_t limit, int64_t offset, std::string& out) {
  const SqlWhere where = compile_where(filter);
  Statement st = db_.prepare("SELECT " + std::string(kSpanColumns) + " FROM spans WHERE " + where.sql +
                             " ORDER BY started_ns DESC, id DESC LIMIT ? OFFSET ?");
  bind_params(st, where, 1);
  const int next = static_cast<int>(where.params.size()) + 1;
  st.bind_int(next, limit);
  st.bind_int(next + 1, offset);
  while (st.step()) {
    append_span_json(row_to_span(st), out);
    out += '\n';
  }
}

int64_t SpanStore::count_sql(const Filter& filter) {
  const SqlWhere where = compile_where(filter);
  Statement st = db_.prepare("SELECT count(*) FROM spans WHERE " + where.sql);
  bind_params(st, where, 1);
  return st.step() ? st.column_int(0) : 0;
}

}  // namespace tracesift::store
