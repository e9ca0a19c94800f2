// The span record of docs/CONTRACT.md: the engine's model of one step of an LLM application.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tracesift {

/// The largest token count a span holds: 2^53 - 1, the largest integer a JavaScript number (the
/// package's and the CLI's readers) holds exactly; an input and an output count add up without
/// overflowing int64. Larger counts are refused at import, never wrapped or clamped.
inline constexpr int64_t kMaxTokenCount = 9'007'199'254'740'991;

/// Why a token count is refused, for messages: "expected a non-negative integer, got <shown>",
/// naming kMaxTokenCount when `too_large`.
std::string bad_token_count(std::string_view shown, bool too_large);

/// What a span does.
enum class SpanKind { llm_call, tool, retrieval, embedding, agent, chain, custom };
/// Where a span is in its life; `completed` and `failed` are terminal.
enum class SpanStatus { running, completed, failed };

/// Wire names of the span kinds, in enum order.
inline constexpr std::array<std::string_view, 7> kSpanKindNames{"llm_call", "tool",  "retrieval", "embedding",
                                                                "agent",    "chain", "custom"};
/// Wire names of the span statuses, in enum order.
inline constexpr std::array<std::string_view, 3> kSpanStatusNames{"running", "completed", "failed"};

/// The wire name of a kind.
inline std::string_view to_string(SpanKind k) noexcept {
  return kSpanKindNames[static_cast<size_t>(k)];
}
/// The wire name of a status.
inline std::string_view to_string(SpanStatus s) noexcept {
  return kSpanStatusNames[static_cast<size_t>(s)];
}
/// The kind named `name`, or nullopt.
std::optional<SpanKind> parse_span_kind(std::string_view name) noexcept;
/// The status named `name`, or nullopt.
std::optional<SpanStatus> parse_span_status(std::string_view name) noexcept;
/// True for `completed` and `failed`.
inline bool is_terminal(SpanStatus s) noexcept {
  return s != SpanStatus::running;
}

/// One span. JSON-valued fields hold compact JSON text so they cross the store without re-parsing.
struct Span {
  std::string span_id;                        ///< unique id
  std::string trace_id;                       ///< the trace it belongs to
  std::optional<std::string> parent_span_id;  ///< parent span, if any
  std::string name;                           ///< span name
  SpanKind kind = SpanKind::custom;           ///< what it does
  SpanStatus status = SpanStatus::running;    ///< where it is in its life
  std::optional<std::string> model;           ///< response model if known, else request model
  std::optional<std::string> provider;        ///< lower-case provider
  std::optional<std::string> environment;     ///< deployment environment
  std::optional<std::string> task;            ///< workflow/task tag
  std::optional<std::string> session_id;      ///< session / conversation
  std::optional<std::string> user_id;         ///< end user
  std::optional<int64_t> input_tokens;        ///< prompt tokens
  std::optional<int64_t> output_tokens;       ///< completion tokens
  std::optional<double> cost_usd;             ///< cost in US dollars
  int64_t started_ns = 0;                     ///< start, UTC ns since the epoch
  std::optional<int64_t> ended_ns;            ///< end, UTC ns since the epoch
  std::optional<std::string> input_json;      ///< input messages (compact JSON), or null
  std::optional<std::string> output_json;     ///< output messages (compact JSON), or null
  std::string attributes_json = "{}";         ///< unmapped source attributes (compact JSON object)
  std::optional<std::string> error;           ///< error message of a failed span

  bool operator==(const Span&) const = default;
};

/// Combines a stored span with a newer record of the same id (docs/FORMAT.md, "Updates and
/// merging"): a `running` record arriving for a finished (completed/failed) span changes nothing;
/// otherwise the present fields of `incoming` win, attributes are merged key by key, and the status
/// becomes `incoming`'s.
Span merge_spans(const Span& stored, const Span& incoming);

/// Appends the span as one line of native JSONL (without the newline), fields in docs/CONTRACT.md order.
void append_span_json(const Span& span, std::string& out);

}  // namespace tracesift
