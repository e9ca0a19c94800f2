#include "span_detail.hpp"

#include "../error.hpp"
#include "../json_text.hpp"
#include "../timestamp.hpp"

namespace tracesift {
SpanDetail read_span_detail(store::Database& db, store::SpanStore& spans, std::string_view span_id) {
  store::Statement find = db.prepare("SELECT id, trace_id FROM spans WHERE span_id = ?");
  find.bind_text(1, span_id);
  if (!find.step()) throw Error(Errc::not_found, "no stored span with id '" + std::string(span_id) + "'", "span_id");
  SpanDetail d;
  const int64_t rowid = find.column_int(0);
  d.trace_id = std::string(find.column_text(1));
  spans.rows_jsonl({rowid}, d.span_json);
  if (!d.span_json.empty() && d.span_json.back() == '\n') d.span_json.pop_back();

  // Through the trace_id index: a trace is small next to the table, and its ids must match exactly.
  store::Statement count = db.prepare("SELECT count(*) FROM spans WHERE trace_id = ?");
  count.bind_text(1, d.trace_id);
  count.step();
  d.trace_total = count.column_int(0);
  store::Statement st = db.prepare(
      "SELECT span_id, parent_span_id, name, kind, status, model, started_ns, ended_ns, input_tokens, "
      "output_tokens, cost_usd FROM spans WHERE trace_id = ? ORDER BY started_ns, id LIMIT ?");
  st.bind_text(1, d.trace_id);
  st.bind_int(2, kMaxTraceSpans);
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
    d.trace.push_back(std::move(t));
  }
  return d;
}

std::string span_detail_json(const SpanDetail& d) {
  std::string out = "{\"span\":" + d.span_json + ",\"trace_id\":";
  append_json_string(out, d.trace_id);
  out += ",\"trace\":[";
  for (size_t i = 0; i < d.trace.size(); ++i) {
    const TraceSpan& t = d.trace[i];
    out += i ? ",{\"span_id\":" : "{\"span_id\":";
    append_json_string(out, t.span_id);
    out += ",\"parent_span_id\":";
    append_json_opt_string(out, t.parent_span_id);
    out += ",\"name\":";
    append_json_string(out, t.name);
    out += ",\"kind\":";
    append_json_string(out, t.kind);
    out += ",\"status\":";
    append_json_string(out, t.status);
    out += ",\"model\":";
    append_json_opt_string(out, t.model);
    out += ",\"started_at\":";
    append_json_string(out, format_rfc3339(t.started_ns));
    out += ",\"ended_at\":";
    if (t.ended_ns)
      append_json_string(out, format_rfc3339(*t.ended_ns));
    else
      out += "null";
    out += ",\"input_tokens\":";
    append_json_opt_int(out, t.input_tokens);
    out += ",\"output_tokens\":";
    append_json_opt_int(out, t.output_tokens);
    out += ",\"cost_usd\":";
    if (t.cost_usd)
      append_json_number(out, *t.cost_usd);
    else
      out += "null";
    out += '}';
  }
  out += "],\"trace_total\":" + std::to_string(d.trace_total) + "}";
  return out;
}

}  // namespace tracesift
