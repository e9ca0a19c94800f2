// The filter object of SPEC.md: parsed and validated from JSON, compiled to parameterised SQL.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "../span.hpp"

namespace tracesift {

/// Every key a filter object may hold, as SPEC.md names them.
inline constexpr std::array<std::string_view, 16> kFilterKeys{
    "model",         "provider", "kind",     "status",     "environment", "task",  "session_id", "trace_id",
    "name_contains", "min_cost", "max_cost", "min_tokens", "max_tokens",  "since", "until",      "user_id"};

/// A validated filter; every present condition must hold (AND).
struct Filter {
  std::optional<std::string> model;          ///< exact model
  std::optional<std::string> provider;       ///< exact provider
  std::optional<SpanKind> kind;              ///< exact kind
  std::optional<SpanStatus> status;          ///< exact status
  std::optional<std::string> environment;    ///< exact environment
  std::optional<std::string> task;           ///< exact task
  std::optional<std::string> session_id;     ///< exact session
  std::optional<std::string> trace_id;       ///< exact trace
  std::optional<std::string> user_id;        ///< exact end user
  std::optional<std::string> name_contains;  ///< case-sensitive substring of the name
  std::optional<double> min_cost;            ///< cost_usd >= this
  std::optional<double> max_cost;            ///< cost_usd <= this
  std::optional<int64_t> min_tokens;         ///< input + output tokens >= this
  std::optional<int64_t> max_tokens;         ///< input + output tokens <= this
  std::optional<int64_t> since_ns;           ///< started_at >= this
  std::optional<int64_t> until_ns;           ///< started_at <= this
};

/// Parses a filter from a JSON object; `now_ns` anchors relative times like "7d".
/// Throws Error{invalid_filter} naming the key for unknown keys, wrong types or impossible values.
Filter parse_filter(const nlohmann::json& object, int64_t now_ns);

/// Parses a filter from JSON text; empty text or "null" is the empty filter.
Filter parse_filter_text(std::string_view json_text, int64_t now_ns);

/// Parses a relative duration ("30m", "24h", "7d", "2w", "45s") to nanoseconds, or nullopt.
std::optional<int64_t> parse_relative_duration(std::string_view text) noexcept;

/// One bound SQL parameter.
using SqlParam = std::variant<int64_t, double, std::string>;

/// A WHERE clause (without the keyword; "1" when empty) and its parameters in order.
struct SqlWhere {
  std::string sql;               ///< the condition text with `?` placeholders
  std::vector<SqlParam> params;  ///< values for the placeholders, in order
};

/// Compiles a filter to a parameterised condition over the `spans` table. Values are never spliced.
SqlWhere compile_where(const Filter& filter);

}  // namespace tracesift
