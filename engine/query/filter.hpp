// The filter object of docs/CONTRACT.md: parsed and validated from JSON, compiled to parameterised SQL.
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

/// Every key a filter object may hold, as docs/CONTRACT.md names them.
inline constexpr std::array<std::string_view, 18> kFilterKeys{
    "model",      "provider", "kind",          "status",   "environment",     "task",
    "session_id", "trace_id", "name_contains", "min_cost", "max_cost",        "min_tokens",
    "max_tokens", "since",    "until",         "user_id",  "min_duration_ms", "max_duration_ms"};

/// A lower or upper bound on a number; `inclusive` false makes it strict (`>` or `<`).
template <class T>
struct Bound {
  T value{};                                      ///< the bound itself
  bool inclusive = true;                          ///< whether a value equal to the bound matches
  bool operator==(const Bound&) const = default;  ///< same value, same strictness
};

/// A key that a negation (`-key:value` in the query form) can exclude.
enum class NegatableKey { model, provider, kind, status, environment, task, session_id, trace_id, user_id, name };

/// One excluded value: spans whose `key` equals `value` (for `name`: contains it) do not match;
/// spans with no value for `key` (NULL) still match.
struct Negation {
  NegatableKey key = NegatableKey::name;  ///< which column
  std::string value;                      ///< the exact value (canonical for kind and status), or a name substring
  bool operator==(const Negation&) const = default;  ///< same key, same value
};

/// A validated filter; every present condition must hold (AND).
struct Filter {
  std::optional<std::string> model;                ///< exact model
  std::optional<std::string> provider;             ///< exact provider
  std::optional<SpanKind> kind;                    ///< exact kind
  std::optional<SpanStatus> status;                ///< exact status
  std::optional<std::string> environment;          ///< exact environment
  std::optional<std::string> task;                 ///< exact task
  std::optional<std::string> session_id;           ///< exact session
  std::optional<std::string> trace_id;             ///< exact trace
  std::optional<std::string> user_id;              ///< exact end user
  std::vector<std::string> name_terms;             ///< case-sensitive substrings the name must all contain
  std::optional<Bound<double>> min_cost;           ///< cost_usd above (or at) this
  std::optional<Bound<double>> max_cost;           ///< cost_usd below (or at) this
  std::optional<Bound<int64_t>> min_tokens;        ///< input + output tokens above (or at) this
  std::optional<Bound<int64_t>> max_tokens;        ///< input + output tokens below (or at) this
  std::optional<Bound<double>> min_duration_ms;    ///< ended - started above (or at) this; unended spans never match
  std::optional<Bound<double>> max_duration_ms;    ///< ended - started below (or at) this; unended spans never match
  std::optional<int64_t> since_ns;                 ///< started_at >= this
  std::optional<int64_t> until_ns;                 ///< started_at <= this
  std::vector<Negation> negations;                 ///< values excluded (NULL columns are kept)
  bool operator==(const Filter&) const = default;  ///< field-by-field equality
};

/// A rejected filter value: the key it belongs to and why. Thrown by the shared checks below;
/// each front end (JSON object, query text) turns it into an Error{invalid_filter} of its own wording.
struct FilterProblem {
  std::string key;  ///< the filter key, as the front end should name it
  std::string why;  ///< what is wrong, for people
};

/// Value checks shared by the JSON and the query-string forms; each throws FilterProblem naming `key`.
namespace filter_check {
/// A non-empty exact-match or substring value.
std::string text(std::string_view key, std::string_view value);
/// A span kind name (llm_call, tool, ...).
SpanKind kind(std::string_view key, std::string_view value);
/// A status name; "successful" means completed.
SpanStatus status(std::string_view key, std::string_view value);
/// A cost in US dollars: finite and >= 0.
double cost(std::string_view key, double value);
/// A duration in milliseconds: finite and >= 0.
double duration_ms(std::string_view key, double value);
/// A token count: 0 to kMaxTokenCount.
int64_t tokens(std::string_view key, int64_t value);
/// Refuses a token count above kMaxTokenCount, written `shown`.
[[noreturn]] void too_many_tokens(std::string_view key, std::string_view shown);
/// An RFC 3339 time or a relative time ("7d" = now minus 7 days), in UTC ns; a time outside
/// kMinTimeNs..kMaxTimeNs (timestamp.hpp) is refused, never wrapped.
int64_t time(std::string_view key, std::string_view value, int64_t now_ns);
/// Throws FilterProblem when two bounds leave no possible value (min above max, since after until).
void ranges(const Filter& filter);
}  // namespace filter_check

/// Parses a filter from a JSON object; `now_ns` anchors relative times like "7d".
/// Throws Error{invalid_filter} naming the key for unknown keys, wrong types or impossible values.
Filter parse_filter(const nlohmann::json& object, int64_t now_ns);

/// Parses a filter from JSON text: a filter object, or a JSON string holding the query-string
/// form (parse_query_text); empty text or "null" is the empty filter.
Filter parse_filter_text(std::string_view json_text, int64_t now_ns);

/// Parses a relative duration ("30m", "24h", "7d", "2w", "45s") to nanoseconds; nullopt when the
/// text is not one or its nanoseconds exceed int64.
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
