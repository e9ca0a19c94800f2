#include "native_format.hpp"

#include <cctype>
#include <cmath>

#include <nlohmann/json.hpp>

#include "../timestamp.hpp"

namespace tracesift::import {
namespace {

using nlohmann::json;

// Thrown inside this file only, to leave the mapping with a field-specific reason.
struct FieldError {
  std::string message;
};

[[noreturn]] void field_error(std::string_view field, std::string_view why) {
  throw FieldError{"field '" + std::string(field) + "': " + std::string(why)};
}

std::string brief(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > 60)
    s = s.substr(0, 57) + "...";
  return s;
}

std::string req_string(const json& v, std::string_view field) {
  if (!v.is_string())
    field_error(field, "expected a string, got " + brief(v));
  return v.get<std::string>();
}

std::optional<std::string> opt_string(const json& v, std::string_view field) {
  if (v.is_null())
    return std::nullopt;
  return req_string(v, field);
}

std::optional<int64_t> opt_count(const json& v, std::string_view field) {
  if (v.is_null())
    return std::nullopt;
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
      field_error(field, "is too large");
    return v.get<int64_t>();
  }
  if (v.is_number_integer() && v.get<int64_t>() >= 0)
    return v.get<int64_t>();
  field_error(field, "expected a non-negative integer, got " + brief(v));
}

std::optional<double> opt_cost(const json& v, std::string_view field) {
  if (v.is_null())
    return std::nullopt;
  if (!v.is_number())
    field_error(field, "expected a number of US dollars, got " + brief(v));
  const double d = v.get<double>();
  if (!std::isfinite(d) || d < 0)
    field_error(field, "expected a finite number >= 0, got " + brief(v));
  return d;
}

int64_t req_time(const json& v, std::string_view field) {
  const std::string s = req_string(v, field);
  const auto ns = parse_rfc3339(s);
  if (!ns)
    field_error(field, "'" + s + "' is not an RFC 3339 date-time (e.g. 2025-01-31T12:00:00.123Z)");
  return *ns;
}

std::optional<std::string> opt_json(const json& v) {
  if (v.is_null())
    return std::nullopt;
  return v.dump();
}

void map_record(const json& j, Span& s) {
  if (!j.is_object())
    throw FieldError{"expected a JSON object (one span per line), got " + brief(j)};
  bool has_span_id = false, has_trace_id = false, has_name = false, has_started = false, has_status = false;
  s = Span{};
  for (const auto& [key, v] : j.items()) {
    if (key == "span_id") {
      s.span_id = req_string(v, key);
      has_span_id = !s.span_id.empty();
    } else if (key == "trace_id") {
      s.trace_id = req_string(v, key);
      has_trace_id = !s.trace_id.empty();
    } else if (key == "parent_span_id") {
      s.parent_span_id = opt_string(v, key);
      if (s.parent_span_id && s.parent_span_id->empty())
        s.parent_span_id.reset();
    } else if (key == "name") {
      s.name = req_string(v, key);
      has_name = true;
    } else if (key == "kind") {
      if (v.is_null())
        continue;
      const auto k = parse_span_kind(req_string(v, key));
      if (!k)
        field_error(key, "unknown kind " + brief(v) + " (llm_call, tool, retrieval, embedding, agent, chain, custom)");
      s.kind = *k;
    } else if (key == "status") {
      if (v.is_null())
        continue;
      std::string name = req_string(v, key);
      if (name == "successful")
        name = "completed";
      const auto st = parse_span_status(name);
      if (!st)
        field_error(key, "unknown status " + brief(v) + " (running, completed, failed)");
      s.status = *st;
      has_status = true;
    } else if (key == "model") {
      s.model = opt_string(v, key);
    } else if (key == "provider") {
      s.provider = opt_string(v, key);
      if (s.provider) {
        for (auto& c : *s.provider) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
    } else if (key == "environment") {
      s.environment = opt_string(v, key);
    } else if (key == "task") {
      s.task = opt_string(v, key);
    } else if (key == "session_id") {
      s.session_id = opt_string(v, key);
    } else if (key == "user_id") {
      s.user_id = opt_string(v, key);
    } else if (key == "input_tokens") {
      s.input_tokens = opt_count(v, key);
    } else if (key == "output_tokens") {
      s.output_tokens = opt_count(v, key);
    } else if (key == "cost_usd") {
      s.cost_usd = opt_cost(v, key);
    } else if (key == "started_at") {
      s.started_ns = req_time(v, key);
      has_started = true;
    } else if (key == "ended_at") {
      if (!v.is_null())
        s.ended_ns = req_time(v, key);
    } else if (key == "input") {
      s.input_json = opt_json(v);
    } else if (key == "output") {
      s.output_json = opt_json(v);
    } else if (key == "attributes") {
      if (v.is_null())
        continue;
      if (!v.is_object())
        field_error(key, "expected an object, got " + brief(v));
      s.attributes_json = v.dump();
    } else if (key == "error") {
      s.error = opt_string(v, key);
    } else {
      field_error(key, "unknown field (see docs/FORMAT.md; unmapped data belongs in 'attributes')");
    }
  }
  if (!has_span_id)
    field_error("span_id", "is required and must be a non-empty string");
  if (!has_trace_id)
    field_error("trace_id", "is required and must be a non-empty string");
  if (!has_name)
    field_error("name", "is required");
  if (!has_started)
    field_error("started_at", "is required");
  if (s.ended_ns && *s.ended_ns < s.started_ns)
    field_error("ended_at", "is before started_at");
  if (!has_status)
    s.status = s.ended_ns ? (s.error ? SpanStatus::failed : SpanStatus::completed) : SpanStatus::running;
}

}  // namespace

int json_nesting_depth(std::string_view text, int limit) noexcept {
  int depth = 0, max_depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) {
        max_depth = depth;
        if (max_depth > limit)
          return max_depth;
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return max_depth;
}

std::string parse_native_line(std::string_view line, Span& out) {
  if (json_nesting_depth(line, kMaxJsonDepth) > kMaxJsonDepth) {
    return "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
  }
  json j;
  try {
    j = json::parse(line);
  } catch (const json::parse_error& e) {
    // nlohmann's message starts with "[json.exception.parse_error.101] parse error at line 1, column N: ".
    std::string why = e.what();
    const auto colon = why.find(": ", why.find("column"));
    if (colon != std::string::npos)
      why = why.substr(colon + 2);
    if (why.size() > 200)
      why = why.substr(0, 197) + "...";
    return "invalid JSON at byte " + std::to_string(e.byte) + ": " + why;
  }
  try {
    map_record(j, out);
  } catch (const FieldError& e) {
    return e.message;
  }
  return {};
}

}  // namespace tracesift::import
