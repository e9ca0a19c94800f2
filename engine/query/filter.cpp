// The filter object: shared value checks, the JSON front end, and compilation to parameterised SQL.
#include "filter.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "../error.hpp"
#include "../json_depth.hpp"
#include "../timestamp.hpp"
#include "query_text.hpp"

namespace tracesift {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& key, const std::string& why) {
  throw Error(Errc::invalid_filter, "filter key '" + key + "': " + why, key);
}

[[noreturn]] void problem(std::string_view key, std::string why) {
  throw FilterProblem{std::string(key), std::move(why)};
}

std::string value_text(const json& v) {
  std::string s = v.dump();
  if (s.size() > 80) s = s.substr(0, 77) + "...";
  return s;
}

std::string require_string(const std::string& key, const json& v) {
  if (!v.is_string()) fail(key, "expected a string, got " + value_text(v));
  return filter_check::text(key, v.get<std::string>());
}

double require_number(const std::string& key, const json& v, std::string_view what) {
  if (!v.is_number()) fail(key, "expected a number of " + std::string(what) + ", got " + value_text(v));
  return v.get<double>();
}

int64_t require_tokens(const std::string& key, const json& v) {
  // Design note: get<int64_t>() of 1e19 wrapped to a negative count; each number type is bounded first.
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() > static_cast<uint64_t>(kMaxTokenCount)) filter_check::too_many_tokens(key, value_text(v));
    return static_cast<int64_t>(v.get<uint64_t>());
  }
  if (v.is_number_integer()) return filter_check::tokens(key, v.get<int64_t>());
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && d >= 0 && d == std::floor(d)) {
      if (d > static_cast<double>(kMaxTokenCount)) filter_check::too_many_tokens(key, value_text(v));
      return static_cast<int64_t>(d);
    }
  }
  fail(key, "expected a non-negative integer, got " + value_text(v));
}

int64_t require_time(const std::string& key, const json& v, int64_t now_ns) {
  if (!v.is_string()) fail(key, "expected an RFC 3339 time or a relative time like \"7d\", got " + value_text(v));
  return filter_check::time(key, v.get<std::string>(), now_ns);
}

std::string number_text(double d) {
  std::string s = std::to_string(d);
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// The shape of a relative time: digits, then one of the units s, m, h, d, w.
bool looks_relative(std::string_view text) noexcept {
  if (text.size() < 2 || std::string_view("smhdw").find(text.back()) == std::string_view::npos) return false;
  for (size_t i = 0; i + 1 < text.size(); ++i)
    if (text[i] < '0' || text[i] > '9') return false;
  return true;
}

template <class T>
bool empty_range(const std::optional<Bound<T>>& lo, const std::optional<Bound<T>>& hi) {
  if (!lo || !hi) return false;
  if (lo->value > hi->value) return true;
  return lo->value == hi->value && !(lo->inclusive && hi->inclusive);
}

}  // namespace

namespace filter_check {

std::string text(std::string_view key, std::string_view value) {
  if (value.empty()) problem(key, "must not be empty");
  return std::string(value);
}

SpanKind kind(std::string_view key, std::string_view value) {
  if (auto k = parse_span_kind(value)) return *k;
  problem(key,
          "unknown kind '" + std::string(value) + "' (llm_call, tool, retrieval, embedding, agent, chain, custom)");
}

SpanStatus status(std::string_view key, std::string_view value) {
  if (value == "successful") value = "completed";
  if (auto s = parse_span_status(value)) return *s;
  problem(key, "unknown status '" + std::string(value) + "' (running, completed, failed; successful = completed)");
}

double cost(std::string_view key, double value) {
  if (!std::isfinite(value) || value < 0)
    problem(key, "must be a finite number of US dollars >= 0, got " + number_text(value));
  return value;
}

double duration_ms(std::string_view key, double value) {
  if (!std::isfinite(value) || value < 0)
    problem(key, "must be a finite number of milliseconds >= 0, got " + number_text(value));
  if (value > 9e12) problem(key, "must be at most 9e12 milliseconds, got " + number_text(value));
  return value;
}

int64_t tokens(std::string_view key, int64_t value) {
  if (value < 0) problem(key, "must be >= 0, got " + std::to_string(value));
  if (value > kMaxTokenCount) too_many_tokens(key, std::to_string(value));
  return value;
}

void too_many_tokens(std::string_view key, std::string_view shown) {
  problem(key, "must be at most " + std::to_string(kMaxTokenCount) +
                   " (2^53 - 1, the largest token count a span "
                   "holds), got " +
                   std::string(shown));
}

int64_t time(std::string_view key, std::string_view value, int64_t now_ns) {
  TimeError error;
  if (auto abs = parse_rfc3339(value, error)) return *abs;
  if (error == TimeError::out_of_range) problem(key, time_out_of_range("'" + std::string(value) + "'"));
  if (looks_relative(value)) {
    const auto rel = parse_relative_duration(value);
    const auto at = rel ? add_time_ns(now_ns, -*rel) : std::nullopt;
    if (!at) {
      problem(key, "'" + std::string(value) + "' reaches back before " + format_rfc3339(kMinTimeNs) +
                       ", the earliest time tracesift can store");
    }
    return *at;
  }
  problem(key,
          "'" + std::string(value) + "' is neither RFC 3339 (2025-01-31T12:00:00Z) nor relative (30m, 24h, 7d, 2w)");
}

void ranges(const Filter& f) {
  constexpr std::string_view kEmpty = "the lower bound is not below the upper bound, which leaves no possible value";
  if (empty_range(f.min_cost, f.max_cost)) problem("min_cost", std::string(kEmpty));
  if (empty_range(f.min_tokens, f.max_tokens)) problem("min_tokens", std::string(kEmpty));
  if (empty_range(f.min_duration_ms, f.max_duration_ms)) problem("min_duration_ms", std::string(kEmpty));
  if (f.since_ns && f.until_ns && *f.since_ns > *f.until_ns)
    problem("since", "since is after until, which leaves no possible value");
}

}  // namespace filter_check

std::optional<int64_t> parse_relative_duration(std::string_view text) noexcept {
  if (!looks_relative(text)) return std::nullopt;
  constexpr int64_t kSecond = 1'000'000'000;
  int64_t unit = 0;
  switch (text.back()) {
    case 's': unit = kSecond; break;
    case 'm': unit = 60 * kSecond; break;
    case 'h': unit = 3600 * kSecond; break;
    case 'd': unit = 86400 * kSecond; break;
    case 'w': unit = 7 * 86400 * kSecond; break;
    default: return std::nullopt;
  }
  int64_t n = 0;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (n > (INT64_MAX - 9) / 10) return std::nullopt;
    n = n * 10 + (text[i] - '0');
  }
  if (n > INT64_MAX / unit) return std::nullopt;
  return n * unit;
}

Filter parse_filter(const json& object, int64_t now_ns) {
  Filter f;
  if (object.is_null()) return f;
  if (!object.is_object())
    throw Error(Errc::invalid_filter, "a filter must be a JSON object, got " + value_text(object));
  try {
    for (const auto& [key, v] : object.items()) {
      if (key == "model")
        f.model = require_string(key, v);
      else if (key == "provider")
        f.provider = require_string(key, v);
      else if (key == "environment")
        f.environment = require_string(key, v);
      else if (key == "task")
        f.task = require_string(key, v);
      else if (key == "session_id")
        f.session_id = require_string(key, v);
      else if (key == "trace_id")
        f.trace_id = require_string(key, v);
      else if (key == "user_id")
        f.user_id = require_string(key, v);
      else if (key == "name_contains")
        f.name_terms.push_back(require_string(key, v));
      else if (key == "kind")
        f.kind = filter_check::kind(key, require_string(key, v));
      else if (key == "status")
        f.status = filter_check::status(key, require_string(key, v));
      else if (key == "min_cost")
        f.min_cost = Bound<double>{filter_check::cost(key, require_number(key, v, "US dollars"))};
      else if (key == "max_cost")
        f.max_cost = Bound<double>{filter_check::cost(key, require_number(key, v, "US dollars"))};
      else if (key == "min_tokens")
        f.min_tokens = Bound<int64_t>{require_tokens(key, v)};
      else if (key == "max_tokens")
        f.max_tokens = Bound<int64_t>{require_tokens(key, v)};
      else if (key == "min_duration_ms")
        f.min_duration_ms = Bound<double>{filter_check::duration_ms(key, require_number(key, v, "milliseconds"))};
      else if (key == "max_duration_ms")
        f.max_duration_ms = Bound<double>{filter_check::duration_ms(key, require_number(key, v, "milliseconds"))};
      else if (key == "since")
        f.since_ns = require_time(key, v, now_ns);
      else if (key == "until")
        f.until_ns = require_time(key, v, now_ns);
      else
        fail(key, "unknown filter key");
    }
    filter_check::ranges(f);
  } catch (const FilterProblem& p) {
    fail(p.key, p.why);
  }
  return f;
}

Filter parse_filter_text(std::string_view text, int64_t now_ns) {
  if (text.empty()) return {};
  if (const auto where = json_too_deep(text)) {
    const std::string why = "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    if (!where->empty()) fail(*where, why);
    throw Error(Errc::invalid_filter, "the filter is " + why);
  }
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded())
    throw Error(Errc::invalid_filter, "the filter is not valid JSON: " + std::string(text.substr(0, 80)));
  // A JSON string is the query-string form ("model:gpt-4o cost>0.01 -status:failed").
  if (j.is_string()) return parse_query_text(j.get<std::string>(), now_ns);
  return parse_filter(j, now_ns);
}

namespace {

std::string_view column_of(NegatableKey key) noexcept {
  switch (key) {
    case NegatableKey::model: return "model";
    case NegatableKey::provider: return "provider";
    case NegatableKey::kind: return "kind";
    case NegatableKey::status: return "status";
    case NegatableKey::environment: return "environment";
    case NegatableKey::task: return "task";
    case NegatableKey::session_id: return "session_id";
    case NegatableKey::trace_id: return "trace_id";
    case NegatableKey::user_id: return "user_id";
    case NegatableKey::name: return "name";
  }
  return "name";
}

}  // namespace

SqlWhere compile_where(const Filter& f) {
  SqlWhere w;
  auto add = [&w](std::string_view cond, SqlParam p) {
    if (!w.sql.empty()) w.sql += " AND ";
    w.sql += cond;
    w.params.push_back(std::move(p));
  };
  auto add_bounds = [&add](std::string_view expr, const auto& lo, const auto& hi, auto to_param) {
    const std::string e(expr);
    if (lo) add(e + (lo->inclusive ? " >= ?" : " > ?"), to_param(lo->value));
    if (hi) add(e + (hi->inclusive ? " <= ?" : " < ?"), to_param(hi->value));
  };
  auto same = [](auto v) { return SqlParam(v); };
  if (f.model) add("model = ?", *f.model);
  if (f.provider) add("provider = ?", *f.provider);
  if (f.kind) add("kind = ?", std::string(to_string(*f.kind)));
  if (f.status) add("status = ?", std::string(to_string(*f.status)));
  if (f.environment) add("environment = ?", *f.environment);
  if (f.task) add("task = ?", *f.task);
  if (f.session_id) add("session_id = ?", *f.session_id);
  if (f.trace_id) add("trace_id = ?", *f.trace_id);
  if (f.user_id) add("user_id = ?", *f.user_id);
  for (const auto& term : f.name_terms) add("instr(name, ?) > 0", term);
  add_bounds("cost_usd", f.min_cost, f.max_cost, same);
  add_bounds("(coalesce(input_tokens, 0) + coalesce(output_tokens, 0))", f.min_tokens, f.max_tokens, same);
  // Design note: durations are compared in ns; a NULL ended_ns makes the comparison NULL, so spans
  // without an end never match a duration bound.
  add_bounds("(ended_ns - started_ns)", f.min_duration_ms, f.max_duration_ms,
             [](double ms) { return SqlParam(static_cast<int64_t>(std::llround(ms * 1e6))); });
  if (f.since_ns) add("started_ns >= ?", *f.since_ns);
  if (f.until_ns) add("started_ns <= ?", *f.until_ns);
  // Design note: `NOT (col = ?)` would drop rows whose column is NULL; a negation keeps them.
  for (const auto& n : f.negations) {
    const std::string col(column_of(n.key));
    if (n.key == NegatableKey::name)
      add("(" + col + " IS NULL OR instr(" + col + ", ?) = 0)", n.value);
    else
      add("(" + col + " IS NULL OR " + col + " <> ?)", n.value);
  }
  if (w.sql.empty()) w.sql = "1";
  return w;
}

}  // namespace tracesift
