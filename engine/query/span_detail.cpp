#include "span_detail.hpp"

#include "../error.hpp"
#include "../json_text.hpp"
#include "../timestamp.hpp"

namespace tracesift {
SpanDetail read_span_detail(store::Database& db, store::SpanStore& spans, std::string_view span_id) {
  const std::optional<store::SpanRef> found = store::find_span(db, span_id);
  if (!found) throw Error(Errc::not_found, "no stored span with id '" + std::string(span_id) + "'", "span_id");
  SpanDetail d;
  d.trace_id = found->trace_id;
  spans.rows_jsonl({found->rowid}, d.span_json);
  if (!d.span_json.empty() && d.span_json.back() == '\n') d.span_json.pop_back();
  d.trace_total = store::count_trace_spans(db, d.trace_id);
  d.trace = store::trace_spans(db, d.trace_id, kMaxTraceSpans);
  return d;
}

std::string span_detail_json(const SpanDetail& d) {
  const auto time = [](const std::optional<int64_t>& ns) {
    return ns ? std::optional<std::string>(format_rfc3339(*ns)) : std::nullopt;
  };
  const std::string trace = json_array(d.trace, [&](const TraceSpan& t) {
    return JsonObject()
        .field("span_id", t.span_id)
        .field("parent_span_id", t.parent_span_id)
        .field("name", t.name)
        .field("kind", t.kind)
        .field("status", t.status)
        .field("model", t.model)
        .field("started_at", format_rfc3339(t.started_ns))
        .field("ended_at", time(t.ended_ns))
        .field("input_tokens", t.input_tokens)
        .field("output_tokens", t.output_tokens)
        .field("cost_usd", t.cost_usd)
        .text();
  });
  return JsonObject()
      .raw("span", d.span_json)
      .field("trace_id", d.trace_id)
      .raw("trace", trace)
      .field("trace_total", d.trace_total)
      .text();
}

}  // namespace tracesift
