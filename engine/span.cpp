#include "span.hpp"

#include "json_text.hpp"
#include "json_value.hpp"
#include "timestamp.hpp"

namespace tracesift {

std::optional<SpanKind> parse_span_kind(std::string_view name) noexcept {
  for (size_t i = 0; i < kSpanKindNames.size(); ++i) {
    if (kSpanKindNames[i] == name) return static_cast<SpanKind>(i);
  }
  return std::nullopt;
}

std::optional<SpanStatus> parse_span_status(std::string_view name) noexcept {
  for (size_t i = 0; i < kSpanStatusNames.size(); ++i) {
    if (kSpanStatusNames[i] == name) return static_cast<SpanStatus>(i);
  }
  return std::nullopt;
}

std::string bad_token_count(std::string_view shown, bool too_large) {
  if (too_large) {
    return "expected a non-negative integer of at most " + std::to_string(kMaxTokenCount) + " (2^53 - 1), got " +
           std::string(shown);
  }
  return "expected a non-negative integer, got " + std::string(shown);
}

namespace {

template <typename T>
void take_if_present(std::optional<T>& into, const std::optional<T>& from) {
  if (from) into = from;
}

std::string merge_attributes(const std::string& stored, const std::string& incoming) {
  if (stored == "{}" || stored.empty()) return incoming;
  if (incoming == "{}" || incoming.empty() || incoming == stored) return stored;
  // Ordered: a value stored as the source wrote it (a tool schema) keeps its key order.
  auto merged = Json::parse(stored);
  merged.update(Json::parse(incoming));
  return merged.dump();
}

}  // namespace

Span merge_spans(const Span& stored, const Span& incoming) {
  // Design note: exporters deliver out of order (a batch of `running` snapshots can arrive after
  // the span's final record), and the finished record is the span's last word: a late `running`
  // record changes nothing of a finished span, not only its status.
  if (is_terminal(stored.status) && !is_terminal(incoming.status)) return stored;
  Span out = stored;
  if (!incoming.trace_id.empty()) out.trace_id = incoming.trace_id;
  take_if_present(out.parent_span_id, incoming.parent_span_id);
  if (!incoming.name.empty()) out.name = incoming.name;
  if (incoming.kind != SpanKind::custom) out.kind = incoming.kind;
  take_if_present(out.model, incoming.model);
  take_if_present(out.provider, incoming.provider);
  take_if_present(out.environment, incoming.environment);
  take_if_present(out.task, incoming.task);
  take_if_present(out.session_id, incoming.session_id);
  take_if_present(out.user_id, incoming.user_id);
  take_if_present(out.input_tokens, incoming.input_tokens);
  take_if_present(out.output_tokens, incoming.output_tokens);
  take_if_present(out.cost_usd, incoming.cost_usd);
  out.started_ns = incoming.started_ns;
  take_if_present(out.input_json, incoming.input_json);
  take_if_present(out.output_json, incoming.output_json);
  out.attributes_json = merge_attributes(stored.attributes_json, incoming.attributes_json);
  out.status = incoming.status;
  take_if_present(out.ended_ns, incoming.ended_ns);
  take_if_present(out.error, incoming.error);
  return out;
}

void append_span_json(const Span& s, std::string& out) {
  out += '{';
  append_json_key(out, "span_id", true);
  append_json_string(out, s.span_id);
  append_json_key(out, "trace_id");
  append_json_string(out, s.trace_id);
  append_json_key(out, "parent_span_id");
  append_json_opt_string(out, s.parent_span_id);
  append_json_key(out, "name");
  append_json_string(out, s.name);
  append_json_key(out, "kind");
  append_json_string(out, to_string(s.kind));
  append_json_key(out, "status");
  append_json_string(out, to_string(s.status));
  append_json_key(out, "model");
  append_json_opt_string(out, s.model);
  append_json_key(out, "provider");
  append_json_opt_string(out, s.provider);
  append_json_key(out, "environment");
  append_json_opt_string(out, s.environment);
  append_json_key(out, "task");
  append_json_opt_string(out, s.task);
  append_json_key(out, "session_id");
  append_json_opt_string(out, s.session_id);
  append_json_key(out, "user_id");
  append_json_opt_string(out, s.user_id);
  append_json_key(out, "input_tokens");
  append_json_opt_int(out, s.input_tokens);
  append_json_key(out, "output_tokens");
  append_json_opt_int(out, s.output_tokens);
  append_json_key(out, "cost_usd");
  if (s.cost_usd) {
    append_json_number(out, *s.cost_usd);
  } else {
    out += "null";
  }
  append_json_key(out, "started_at");
  append_json_string(out, format_rfc3339(s.started_ns));
  append_json_key(out, "ended_at");
  if (s.ended_ns) {
    append_json_string(out, format_rfc3339(*s.ended_ns));
  } else {
    out += "null";
  }
  append_json_key(out, "input");
  out += s.input_json ? *s.input_json : "null";
  append_json_key(out, "output");
  out += s.output_json ? *s.output_json : "null";
  append_json_key(out, "attributes");
  out += s.attributes_json.empty() ? "{}" : s.attributes_json;
  append_json_key(out, "error");
  append_json_opt_string(out, s.error);
  out += '}';
}

}  // namespace tracesift
