#include "format_reader.hpp"

namespace tracesift::import {

using nlohmann::json;

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
        if (max_depth > limit) return max_depth;
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return max_depth;
}

std::optional<json> parse_json_record(std::string_view text, std::string& error) {
  if (json_nesting_depth(text, kMaxJsonDepth) > kMaxJsonDepth) {
    error = "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    return std::nullopt;
  }
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    // nlohmann's text starts "[json.exception.parse_error.101] parse error at line 1, column N: ".
    std::string why = e.what();
    const auto colon = why.find(": ", why.find("column"));
    if (colon != std::string::npos) why = why.substr(colon + 2);
    if (why.size() > 200) why = why.substr(0, 197) + "...";
    error = "invalid JSON at byte " + std::to_string(e.byte) + ": " + why;
    return std::nullopt;
  }
}

std::string describe_shape(const json& value) {
  if (value.is_object()) {
    std::string keys;
    size_t n = 0;
    for (const auto& [key, _] : value.items()) {
      if (n++ == 8) {
        keys += ", ...";
        break;
      }
      if (!keys.empty()) keys += ", ";
      keys += key.size() > 40 ? key.substr(0, 40) + "..." : key;
    }
    return keys.empty() ? "an empty JSON object" : "a JSON object with keys " + keys;
  }
  if (value.is_array()) return "a JSON array of " + std::to_string(value.size()) + " elements";
  return std::string("a JSON ") + value.type_name();
}

std::optional<std::string_view> detect_format(const json& v) {
  if (!v.is_object()) return std::nullopt;
  const auto has = [&v](const char* key) { return v.contains(key); };
  if (has("span_id") && has("started_at")) return "native";
  if (has("resourceSpans") || has("resource_spans")) return "otlp";
  if ((has("spanContext") || has("_spanContext")) && has("startTime")) return "otlp";  // OTel-JS ReadableSpan
  if (has("request") && has("response")) return "request-response";
  if (has("observations") || (has("trace") && v["trace"].is_object())) return "langfuse";
  if (has("traceId") && has("type") && has("startTime")) return "langfuse";  // one observation
  // Langfuse public API list: {"data": [observations or traces], "meta": {...}}.
  if (has("data") && v["data"].is_array() && !v["data"].empty() && v["data"][0].is_object() &&
      ((v["data"][0].contains("traceId") && v["data"][0].contains("startTime")) ||
       v["data"][0].contains("observations"))) {
    return "langfuse";
  }
  if (has("messages") && v["messages"].is_array()) return "openai-chat";
  return std::nullopt;
}

void FormatReader::read_line(std::string_view text, const RecordContext& ctx, RecordSink& sink) {
  std::string error;
  const auto value = parse_json_record(text, error);
  if (!value) {
    sink.on_record_error(std::move(error));
    return;
  }
  const auto detected = detect_format(*value);
  if (detected && !accepts(*detected)) {
    sink.on_record_error("this record looks like " + std::string(*detected) + ", but the file is read as " +
                         std::string(name()) + "; a file must hold one format (split it, or pass --format)");
    return;
  }
  read_value(*value, ctx, sink);
}

std::unique_ptr<FormatReader> make_format_reader(std::string_view format) {
  if (format == "native") return make_native_reader();
  if (format == "otlp" || format == "openinference") return make_otlp_reader(format);
  if (format == "langfuse") return make_langfuse_reader();
  if (format == "openai-chat") return make_openai_chat_reader();
  if (format == "request-response") return make_request_response_reader();
  return nullptr;
}

std::string stable_id(std::string_view content) {
  // FNV-1a 64 then a SplitMix64 finaliser: stable across platforms, well mixed in every digit.
  uint64_t h = 14695981039346656037ull;
  for (const char c : content) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<size_t>(i)] = kHex[h & 0xF];
  return out;
}

}  // namespace tracesift::import
