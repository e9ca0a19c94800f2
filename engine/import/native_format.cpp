#include "native_format.hpp"

#include <cctype>
#include <cmath>
#include <cstring>

#include <simdjson.h>

#include "../timestamp.hpp"

namespace tracesift::import {

// Minifies DOM values into one reused buffer (simdjson::to_string grows a fresh one each time).
// Outside the anonymous namespace: NativeLineParser::State, declared in the header, holds one.
class NativeValueMinifier {
 public:
  std::string operator()(simdjson::dom::element v) {
    builder_.clear();
    builder_.append(v);
    return std::string(builder_.str());
  }

 private:
  simdjson::internal::string_builder<> builder_;
};

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Thrown inside this file only, to leave the mapping with a field-specific reason.
struct FieldError {
  std::string message;
};

[[noreturn]] void native_field_error(std::string_view field, std::string_view why) {
  throw FieldError{"field '" + std::string(field) + "': " + std::string(why)};
}

std::string brief_element(element v) {
  std::string s = simdjson::to_string(v);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

std::string req_string(element v, std::string_view field) {
  std::string_view s;
  if (v.get_string().get(s) != simdjson::SUCCESS)
    native_field_error(field, "expected a string, got " + brief_element(v));
  return std::string(s);
}

std::optional<std::string> opt_string(element v, std::string_view field) {
  if (v.is_null()) return std::nullopt;
  return req_string(v, field);
}

std::optional<int64_t> opt_count(element v, std::string_view field) {
  if (v.is_null()) return std::nullopt;
  int64_t n;
  if (v.type() == element_type::INT64 && v.get_int64().get(n) == simdjson::SUCCESS && n >= 0) {
    if (n > kMaxTokenCount) native_field_error(field, bad_token_count(brief_element(v), true));
    return n;
  }
  native_field_error(field, bad_token_count(brief_element(v), v.type() == element_type::UINT64));
}

std::optional<double> opt_cost(element v, std::string_view field) {
  if (v.is_null()) return std::nullopt;
  double d;
  if (!v.is_number() || v.get_double().get(d) != simdjson::SUCCESS) {
    native_field_error(field, "expected a number of US dollars, got " + brief_element(v));
  }
  if (!std::isfinite(d) || d < 0) native_field_error(field, "expected a finite number >= 0, got " + brief_element(v));
  return d;
}

int64_t req_time(element v, std::string_view field) {
  const std::string s = req_string(v, field);
  TimeError error;
  const auto ns = parse_rfc3339(s, error);
  if (error == TimeError::out_of_range) native_field_error(field, time_out_of_range("'" + s + "'"));
  if (!ns) native_field_error(field, "'" + s + "' is not an RFC 3339 date-time (e.g. 2025-01-31T12:00:00.123Z)");
  return *ns;
}

std::optional<std::string> opt_json(element v, NativeValueMinifier& minify) {
  if (v.is_null()) return std::nullopt;
  return minify(v);
}

void map_record(element root, Span& s, NativeValueMinifier& minify) {
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    throw FieldError{"expected a JSON object (one span per line), got " + brief_element(root)};
  }
  bool has_span_id = false, has_trace_id = false, has_name = false, has_started = false, has_status = false;
  s = Span{};
  for (const auto field : object) {
    const std::string_view key = field.key;
    const element v = field.value;
    if (key == "span_id") {
      s.span_id = req_string(v, key);
      has_span_id = !s.span_id.empty();
    } else if (key == "trace_id") {
      s.trace_id = req_string(v, key);
      has_trace_id = !s.trace_id.empty();
    } else if (key == "parent_span_id") {
      s.parent_span_id = opt_string(v, key);
      if (s.parent_span_id && s.parent_span_id->empty()) s.parent_span_id.reset();
    } else if (key == "name") {
      s.name = req_string(v, key);
      has_name = true;
    } else if (key == "kind") {
      if (v.is_null()) continue;
      const auto k = parse_span_kind(req_string(v, key));
      if (!k) {
        native_field_error(
            key, "unknown kind " + brief_element(v) + " (llm_call, tool, retrieval, embedding, agent, chain, custom)");
      }
      s.kind = *k;
    } else if (key == "status") {
      if (v.is_null()) continue;
      std::string name = req_string(v, key);
      if (name == "successful") name = "completed";
      const auto st = parse_span_status(name);
      if (!st) native_field_error(key, "unknown status " + brief_element(v) + " (running, completed, failed)");
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
      if (!v.is_null()) s.ended_ns = req_time(v, key);
    } else if (key == "input") {
      s.input_json = opt_json(v, minify);
    } else if (key == "output") {
      s.output_json = opt_json(v, minify);
    } else if (key == "attributes") {
      if (v.is_null()) continue;
      if (!v.is_object()) native_field_error(key, "expected an object, got " + brief_element(v));
      s.attributes_json = minify(v);
    } else if (key == "error") {
      s.error = opt_string(v, key);
    } else {
      native_field_error(key, "unknown field (see docs/FORMAT.md; unmapped data belongs in 'attributes')");
    }
  }
  if (!has_span_id) native_field_error("span_id", "is required and must be a non-empty string");
  if (!has_trace_id) native_field_error("trace_id", "is required and must be a non-empty string");
  if (!has_name) native_field_error("name", "is required");
  if (!has_started) native_field_error("started_at", "is required");
  if (s.ended_ns && *s.ended_ns < s.started_ns) native_field_error("ended_at", "is before started_at");
  if (!has_status) {
    s.status = s.ended_ns ? (s.error ? SpanStatus::failed : SpanStatus::completed) : SpanStatus::running;
  }
}

// simdjson's NUMBER_ERROR names no field: find the number, and say which field holds it.
std::string describe_number_error(std::string_view line) {
  const auto refused = refused_numbers(line, false);
  if (refused.empty()) return std::string("invalid JSON: ") + simdjson::error_message(simdjson::NUMBER_ERROR);
  return refused.front().message;
}

std::string describe_parse_error(simdjson::error_code code, std::string_view line) {
  switch (code) {
    case simdjson::DEPTH_ERROR: return depth_error(line);
    case simdjson::UTF8_ERROR: return "invalid JSON: the line is not valid UTF-8";
    case simdjson::NUMBER_ERROR: return describe_number_error(line);
    default: return std::string("invalid JSON: ") + simdjson::error_message(code);
  }
}

}  // namespace

struct NativeLineParser::State {
  simdjson::dom::parser parser{};
  std::string padded;  // the line plus simdjson's padding
  NativeValueMinifier minify;
};

NativeLineParser::NativeLineParser() : state_(std::make_unique<State>()) {}
NativeLineParser::~NativeLineParser() = default;

std::string NativeLineParser::parse(std::string_view line, Span& out) {
  constexpr size_t kShrinkAbove = 8u << 20;
  auto& st = *state_;
  st.padded.resize(line.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(st.padded.data(), line.data(), line.size());
  if (st.parser.max_depth() != static_cast<size_t>(kMaxJsonDepth) || st.parser.capacity() < line.size()) {
    if (st.parser.allocate(std::max<size_t>(line.size(), 64 << 10), kMaxJsonDepth) != simdjson::SUCCESS) {
      return "the line is too large to parse";
    }
  }
  element root;
  const auto code = st.parser.parse(st.padded.data(), line.size(), false).get(root);
  std::string why;
  if (code != simdjson::SUCCESS) {
    why = describe_parse_error(code, line);
  } else {
    try {
      map_record(root, out, st.minify);
    } catch (const FieldError& e) {
      why = e.message;
    }
  }
  if (line.size() > kShrinkAbove) {  // give back the memory a huge line needed
    std::string().swap(st.padded);
    st.parser = simdjson::dom::parser{};
  }
  return why;
}

std::string parse_native_line(std::string_view line, Span& out) {
  static NativeLineParser parser;
  return parser.parse(line, out);
}

namespace {

class NativeReader final : public FormatReader {
 public:
  std::string_view name() const override { return "native"; }

  void read_line(std::string_view text, const RecordContext&, RecordSink& sink) override {
    MappedSpan mapped;
    std::string why = parser_.parse(text, mapped.span);
    if (why.empty()) {
      sink.on_span(std::move(mapped));
    } else {
      sink.on_record_error(explain(text, std::move(why)));
    }
  }

  void read_value(const Json& value, const RecordContext& ctx, RecordSink& sink) override {
    // Only the first record of a file and documents come here: one mapping, on the fast parser.
    read_line(value.dump(-1, ' ', false, Json::error_handler_t::replace), ctx, sink);
  }

 private:
  // A record of another format fails on its first unknown field; say what it looks like instead.
  static std::string explain(std::string_view text, std::string why) {
    if (why.find("unknown field") == std::string::npos) return why;
    std::string ignored;
    const auto value = parse_json_record(text, ignored);
    const auto detected = value ? detect_format(*value) : std::nullopt;
    if (detected && *detected != "native") {
      return "this record looks like " + std::string(*detected) +
             ", but the file is read as native; a file must hold one format (split it, or pass --format)";
    }
    return why;
  }

  NativeLineParser parser_;
};

}  // namespace

std::unique_ptr<FormatReader> make_native_reader() {
  return std::make_unique<NativeReader>();
}

}  // namespace tracesift::import
