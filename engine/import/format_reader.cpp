#include "format_reader.hpp"

#include <algorithm>

#include "../messages/messages.hpp"

namespace tracesift::import {

std::string depth_error(std::string_view text) {
  const std::string why = "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
  const auto where = json_too_deep(text);
  return where && !where->empty() ? "field '" + *where + "': " + why : why;
}

namespace {

// True when the text may hold a refused number, outside strings: an integer part of 20 digits or
// more (19 after a minus sign), or an exponent of 3 digits or more. Cheap, and false for nearly
// every record (19-digit nanosecond times and long fractions included).
bool may_hold_refused_number(std::string_view text) noexcept {
  enum class Part { integer, fraction, exponent };
  bool in_string = false, negative = false;
  Part part = Part::integer;
  size_t run = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c >= '0' && c <= '9') {
      ++run;
      if (part == Part::integer && run >= (negative ? 19u : 20u)) return true;
      if (part == Part::exponent && run >= 3) return true;
      continue;
    }
    if (c == '.') {
      part = Part::fraction;
    } else if (c == 'e' || c == 'E') {
      part = Part::exponent;
    } else if ((c == '+' || c == '-') && part == Part::exponent && run == 0) {
      continue;  // the exponent's sign
    } else {
      part = Part::integer;
      negative = c == '-';
      if (c == '"') in_string = true;
    }
    run = 0;
  }
  return false;
}

// Finds refused numbers through nlohmann's SAX parser (iterative: any depth is safe), with the
// record each is in and its path inside the record ("response.usage.completion_tokens").
class RefusedNumberFinder final : public nlohmann::json_sax<Json> {
 public:
  explicit RefusedNumberFinder(bool elements) : elements_(elements) {}

  std::vector<RefusedNumber> found;  ///< the first refused number of each record

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t& raw) override {
    value();
    // nlohmann reads an integer beyond 64 bits as a double: no fraction or exponent gives it away.
    if (raw.find_first_of(".eE") == string_t::npos) refuse(raw, "integers must fit in 64 bits");
    return true;
  }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override {
    value();
    frames_.push_back({false, {}, -1});
    return true;
  }
  bool key(string_t& k) override {
    frames_.back().key = k;
    return true;
  }
  bool end_object() override {
    frames_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override {
    value();
    frames_.push_back({true, {}, -1});
    return true;
  }
  bool end_array() override {
    frames_.pop_back();
    return true;
  }
  bool parse_error(std::size_t, const std::string& last_token, const nlohmann::detail::exception& e) override {
    if (e.id == 406) refuse(last_token, "numbers must fit in a double");  // "number overflow"
    return false;
  }

 private:
  struct Frame {
    bool array;
    std::string key;  // the member being read (objects)
    long long index;  // the element being read (arrays)
  };

  // Whether the top-level array's elements are the records.
  bool by_element() const noexcept { return elements_ && !frames_.empty() && frames_.front().array; }
  // A value starts: the next element of an enclosing array.
  bool value() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return true;
  }
  void refuse(const std::string& raw, std::string_view why) {
    const size_t first = by_element() ? 1 : 0;
    const size_t element = first == 1 ? static_cast<size_t>(std::max(0LL, frames_.front().index)) : 0;
    if (!found.empty() && found.back().element == element) return;
    std::string path;
    for (size_t i = first; i < frames_.size(); ++i) {
      if (frames_[i].array) {
        path += "[" + std::to_string(frames_[i].index) + "]";
      } else {
        if (!path.empty()) path += '.';
        path += frames_[i].key;
      }
    }
    if (path.size() > 200) path = path.substr(0, 197) + "...";
    const std::string shown = raw.size() > 60 ? raw.substr(0, 57) + "..." : raw;
    std::string message = "the number " + shown + " cannot be stored exactly (" + std::string(why) + ")";
    if (!path.empty()) message = "field '" + path + "': " + message;
    found.push_back({element, std::move(message)});
  }

  bool elements_;
  std::vector<Frame> frames_;
};

}  // namespace

std::vector<RefusedNumber> refused_numbers(std::string_view text, bool elements) {
  if (!may_hold_refused_number(text)) return {};
  RefusedNumberFinder finder(elements);
  Json::sax_parse(text, &finder, Json::input_format_t::json, false);
  return std::move(finder.found);
}

std::optional<Json> parse_json_record(std::string_view text, std::string& error, bool check_numbers) {
  if (json_nesting_depth(text, kMaxJsonDepth) > kMaxJsonDepth) {
    error = depth_error(text);
    return std::nullopt;
  }
  if (check_numbers) {
    if (auto refused = refused_numbers(text, false); !refused.empty()) {
      error = std::move(refused.front().message);
      return std::nullopt;
    }
  }
  if (auto value = messages::parse_json_text(text)) return value;
  // Not JSON: nlohmann's parser says where and why.
  try {
    [[maybe_unused]] const Json again = Json::parse(text);  // throws: both parsers refused the text
    error = "invalid JSON";
    return std::nullopt;
  } catch (const Json::parse_error& e) {
    // nlohmann's text starts "[json.exception.parse_error.101] parse error at line 1, column N: ".
    std::string why = e.what();
    const auto colon = why.find(": ", why.find("column"));
    if (colon != std::string::npos) why = why.substr(colon + 2);
    if (why.size() > 200) why = why.substr(0, 197) + "...";
    error = "invalid JSON at byte " + std::to_string(e.byte) + ": " + why;
    return std::nullopt;
  } catch (const Json::out_of_range&) {
    // A number beyond a double's range (406); found above unless the numbers were not checked.
    auto refused = refused_numbers(text, false);
    error = refused.empty() ? "a number is beyond the range of a double" : std::move(refused.front().message);
    return std::nullopt;
  }
}

std::string describe_shape(const Json& value) {
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

std::optional<std::string_view> detect_format(const Json& v) {
  if (!v.is_object()) return std::nullopt;
  const auto has = [&v](const char* key) { return v.contains(key); };
  if (has("span_id") && has("started_at")) return "native";
  if (has("resourceSpans") || has("resource_spans")) return "otlp";
  if ((has("spanContext") || has("_spanContext")) && has("startTime")) return "otlp";  // OTel-JS ReadableSpan
  if (has("context") && v["context"].is_object() && v["context"].contains("span_id") && has("start_time")) {
    return "otel-python";  // ReadableSpan.to_json(), Phoenix
  }
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
  if (format == "otlp" || format == "openinference" || format == "otel-python") return make_otlp_reader(format);
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
