#include "span_reads.hpp"

namespace tracesift::store {
namespace {

std::optional<std::string_view> opt_text_view(const Statement& st, int i) {
  if (st.is_null(i)) return std::nullopt;
  return st.column_text(i);
}

}  // namespace

void for_each_span_fields(Database& db, const std::function<void(const SpanFields&)>& fn) {
  Statement st = db.prepare(
      "SELECT id, span_id, trace_id, name, kind, status, model, provider, environment, task, session_id, user_id, "
      "input_tokens, output_tokens, cost_usd, started_ns, ended_ns, input FROM spans ORDER BY id");
  while (st.step()) {
    SpanFields f;
    f.rowid = st.column_int(0);
    f.span_id = st.column_text(1);
    f.trace_id = st.column_text(2);
    f.name = st.column_text(3);
    f.kind = parse_span_kind(st.column_text(4)).value_or(SpanKind::custom);
    f.status = parse_span_status(st.column_text(5)).value_or(SpanStatus::running);
    f.model = opt_text_view(st, 6);
    f.provider = opt_text_view(st, 7);
    f.environment = opt_text_view(st, 8);
    f.task = opt_text_view(st, 9);
    f.session_id = opt_text_view(st, 10);
    f.user_id = opt_text_view(st, 11);
    f.input_tokens = st.column_opt_int(12);
    f.output_tokens = st.column_opt_int(13);
    if (!st.is_null(14)) f.cost_usd = st.column_double(14);
    f.started_ns = st.column_int(15);
    f.ended_ns = st.column_opt_int(16);
    f.input_json = opt_text_view(st, 17);
    fn(f);
  }
}

std::optional<SpanRef> find_span(Database& db, std::string_view span_id) {
  Statement st = db.prepare("SELECT id, trace_id FROM spans WHERE span_id = ?");
  st.bind_text(1, span_id);
  if (!st.step()) return std::nullopt;
  return SpanRef{st.column_int(0), std::string(st.column_text(1))};
}

int64_t count_trace_spans(Database& db, std::string_view trace_id) {
  // Through the trace_id index: a trace is small next to the table, and its ids must match exactly.
  Statement st = db.prepare("SELECT count(*) FROM spans WHERE trace_id = ?");
  st.bind_text(1, trace_id);
  st.step();
  return st.column_int(0);
}

std::vector<TraceSpan> trace_spans(Database& db, std::string_view trace_id, int64_t limit) {
  Statement st = db.prepare(
      "SELECT span_id, parent_span_id, name, kind, status, model, started_ns, ended_ns, input_tokens, "
      "output_tokens, cost_usd FROM spans WHERE trace_id = ? ORDER BY started_ns, id LIMIT ?");
  st.bind_text(1, trace_id);
  st.bind_int(2, limit);
  std::vector<TraceSpan> out;
  while (st.step()) {
    TraceSpan t;
    t.span_id = std::string(st.column_text(0));
    t.parent_span_id = st.column_opt_text(1);
    t.name = std::string(st.column_text(2));
    t.kind = std::string(st.column_text(3));
    t.status = std::string(st.column_text(4));
    t.model = st.column_opt_text(5);
    t.started_ns = st.column_int(6);
    t.ended_ns = st.column_opt_int(7);
    t.input_tokens = st.column_opt_int(8);
    t.output_tokens = st.column_opt_int(9);
    if (!st.is_null(10)) t.cost_usd = st.column_double(10);
    out.push_back(std::move(t));
  }
  return out;
}

SpanInputReader::SpanInputReader(Database& db)
    : st_(db.prepare("SELECT coalesce(input, 'null') FROM spans WHERE id = ?")) {}

std::optional<std::string_view> SpanInputReader::input(int64_t rowid) {
  st_.reset();
  st_.bind_int(1, rowid);
  if (!st_.step()) return std::nullopt;
  return st_.column_text(0);
}

}  // namespace tracesift::store
