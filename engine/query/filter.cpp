#include "filter.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "../error.hpp"
#include "../timestamp.hpp"

namespace tracesift {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& key, const std::string& why) {
  throw Error(Errc::invalid_filter, "filter key '" + key + "': " + why, key);
}

std::string value_text(const json& v) {
  std::string s = v.dump();
  if (s.size() > 80) s = s.substr(0, 77) + "...";
  return s;
}

std::string require_string(const std::string& key, const json& v) {
  if (!v.is_string()) fail(key, "expected a string, got " + value_text(v));
  std::string s = v.get<std::string>();
  if (s.empty()) fail(key, "must not be empty");
  return s;
}

double require_cost(const std::string& key, const json& v) {
  if (!v.is_number()) fail(key, "expected a number of US dollars, got " + value_text(v));
  const double d = v.get<double>();
  if (!std::isfinite(d) || d < 0) fail(key, "must be a finite number >= 0, got " + value_text(v));
  return d;
}

int64_t require_tokens(const std::string& key, const json& v) {
  if (v.is_number_unsigned() || v.is_number_integer()) {
    const int64_t n = v.get<int64_t>();
    if (n < 0) fail(key, "must be >= 0, got " + value_text(v));
    return n;
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && d >= 0 && d == std::floor(d) && d < 9.2e18) return static_cast<int64_t>(d);
  }
  fail(key, "expected a non-negative integer, got " + value_text(v));
}

int64_t require_time(const std::string& key, const json& v, int64_t now_ns) {
  if (!v.is_string()) fail(key, "expected an RFC 3339 time or a relative time like \"7d\", got " + value_text(v));
  const auto text = v.get<std::string>();
  if (auto abs = parse_rfc3339(text)) return *abs;
  if (auto rel = parse_relative_duration(text)) return now_ns - *rel;
  fail(key, "'" + text + "' is neither RFC 3339 (2025-01-31T12:00:00Z) nor relative (30m, 24h, 7d, 2w)");
}

}  // namespace

std::optional<int64_t> parse_relative_duration(std::string_view text) noexcept {
  if (text.size() < 2 || text.size() > 12) return std::nullopt;
  int64_t n = 0;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    n = n * 10 + (text[i] - '0');
  }
  constexpr int64_t kSecond = 1'000'000'000;
  switch (text.back()) {
    case 's': return n * kSecond;
    case 'm': return n * 60 * kSecond;
    case 'h': return n * 3600 * kSecond;
    case 'd': return n * 86400 * kSecond;
    case 'w': return n * 7 * 86400 * kSecond;
    default: return std::nullopt;
  }
}

Filter parse_filter(const json& object, int64_t now_ns) {
  Filter f;
  if (object.is_null()) return f;
  if (!object.is_object())
    throw Error(Errc::invalid_filter, "a filter must be a JSON object, got " + value_text(object));
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
      f.name_contains = require_string(key, v);
    else if (key == "kind") {
      const auto s = require_string(key, v);
      f.kind = parse_span_kind(s);
      if (!f.kind) fail(key, "unknown kind '" + s + "' (llm_call, tool, retrieval, embedding, agent, chain, custom)");
    } else if (key == "status") {
      auto s = require_string(key, v);
      if (s == "successful") s = "completed";
      f.status = parse_span_status(s);
      if (!f.status) fail(key, "unknown status '" + s + "' (running, completed, failed)");
    } else if (key == "min_cost")
      f.min_cost = require_cost(key, v);
    else if (key == "max_cost")
      f.max_cost = require_cost(key, v);
    else if (key == "min_tokens")
      f.min_tokens = require_tokens(key, v);
    else if (key == "max_tokens")
      f.max_tokens = require_tokens(key, v);
    else if (key == "since")
      f.since_ns = require_time(key, v, now_ns);
    else if (key == "until")
      f.until_ns = require_time(key, v, now_ns);
    else
      fail(key, "unknown filter key");
  }
  if (f.min_cost && f.max_cost && *f.min_cost > *f.max_cost) fail("min_cost", "is above max_cost");
  if (f.min_tokens && f.max_tokens && *f.min_tokens > *f.max_tokens) fail("min_tokens", "is above max_tokens");
  if (f.since_ns && f.until_ns && *f.since_ns > *f.until_ns) fail("since", "is after until");
  return f;
}

Filter parse_filter_text(std::string_view text, int64_t now_ns) {
  if (text.empty()) return {};
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded())
    throw Error(Errc::invalid_filter, "the filter is not valid JSON: " + std::string(text.substr(0, 80)));
  return parse_filter(j, now_ns);
}

SqlWhere compile_where(const Filter& f) {
  SqlWhere w;
  auto add = [&w](std::string_view cond, SqlParam p) {
    if (!w.sql.empty()) w.sql += " AND ";
    w.sql += cond;
    w.params.push_back(std::move(p));
  };
  if (f.model) add("model = ?", *f.model);
  if (f.provider) add("provider = ?", *f.provider);
  if (f.kind) add("kind = ?", std::string(to_string(*f.kind)));
  if (f.status) add("status = ?", std::string(to_string(*f.status)));
  if (f.environment) add("environment = ?", *f.environment);
  if (f.task) add("task = ?", *f.task);
  if (f.session_id) add("session_id = ?", *f.session_id);
  if (f.trace_id) add("trace_id = ?", *f.trace_id);
  if (f.user_id) add("user_id = ?", *f.user_id);
  if (f.name_contains) add("instr(name, ?) > 0", *f.name_contains);
  if (f.min_cost) add("cost_usd >= ?", *f.min_cost);
  if (f.max_cost) add("cost_usd <= ?", *f.max_cost);
  constexpr std::string_view kTokens = "(coalesce(input_tokens, 0) + coalesce(output_tokens, 0))";
  if (f.min_tokens) add(std::string(kTokens) + " >= ?", *f.min_tokens);
  if (f.max_tokens) add(std::string(kTokens) + " <= ?", *f.max_tokens);
  if (f.since_ns) add("started_ns >= ?", *f.since_ns);
  if (f.until_ns) add("started_ns <= ?", *f.until_ns);
  if (w.sql.empty()) w.sql = "1";
  return w;
}

}  // namespace tracesift
