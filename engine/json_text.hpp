// The engine's one JSON writer: JSON text written directly (escaping, numbers, UTF-8 checks), for
// the export's hot paths and, through JsonObject, every record and operation result. nlohmann's
// dump() is left only for re-serialising a value that was parsed (a filter, a tool schema).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tracesift {

/// Appends `s` as a quoted JSON string, escaping as RFC 8259 requires. Invalid UTF-8 bytes are
/// replaced by U+FFFD so the output is always valid JSON.
void append_json_string(std::string& out, std::string_view s);

/// Appends `s`, which must be valid UTF-8 (simdjson's strings, stored compact JSON), as a quoted
/// JSON string: append_json_string without the UTF-8 check, for the export's hot paths.
void append_json_string_utf8(std::string& out, std::string_view s);

/// Length of the valid UTF-8 sequence starting at s[i] (RFC 3629: no overlongs, no surrogates, at
/// most U+10FFFF), or 0 if it is not valid.
size_t utf8_sequence_length(std::string_view s, size_t i) noexcept;

/// Appends the UTF-8 encoding of the code point `cp` (at most U+10FFFF; surrogates are the caller's
/// to pair).
void append_utf8(std::string& out, uint32_t cp);

/// `s` as a quoted JSON string (as append_json_string writes it).
std::string json_string(std::string_view s);

/// Appends a number that round-trips through a double ("null" for NaN or infinities).
void append_json_number(std::string& out, double v);

/// Appends `"key":` (with a leading comma unless `first`).
void append_json_key(std::string& out, std::string_view key, bool first = false);

/// `{"deleted":"<name>","removed":N,"kept":M}`: what a delete took away by name, the records removed
/// with it and those that stay (every delete of the API answers this shape).
std::string deleted_json(std::string_view name, int64_t removed, int64_t kept);

/// The same for a record deleted by id: `{"deleted":<id>,"removed":N,"kept":M}`.
std::string deleted_json(int64_t id, int64_t removed, int64_t kept);

/// Appends a string or `null`.
void append_json_opt_string(std::string& out, const std::optional<std::string>& s);

/// Appends an integer or `null`.
void append_json_opt_int(std::string& out, const std::optional<int64_t>& v);

/// Writes one JSON object, field by field in call order: `JsonObject().field("a", 1).text()`.
class JsonObject {
 public:
  /// A string field (invalid UTF-8 replaced by U+FFFD).
  JsonObject& field(std::string_view key, std::string_view value);
  /// A string field (C string).
  JsonObject& field(std::string_view key, const char* value) { return field(key, std::string_view(value)); }
  /// A string field.
  JsonObject& field(std::string_view key, const std::string& value) { return field(key, std::string_view(value)); }
  /// An integer field.
  JsonObject& field(std::string_view key, int64_t value);
  /// An integer field.
  JsonObject& field(std::string_view key, int value) { return field(key, static_cast<int64_t>(value)); }
  /// An unsigned integer field.
  JsonObject& field(std::string_view key, uint64_t value);
  /// A number field (null for NaN or infinities).
  JsonObject& field(std::string_view key, double value);
  /// A boolean field.
  JsonObject& field(std::string_view key, bool value);
  /// A null field.
  JsonObject& field(std::string_view key, std::nullptr_t);
  /// A field that is null when `value` is empty.
  template <class T>
  JsonObject& field(std::string_view key, const std::optional<T>& value) {
    return value ? field(key, *value) : field(key, nullptr);
  }
  /// A field whose value is JSON text already written (an object, an array, a number).
  JsonObject& raw(std::string_view key, std::string_view json_text);
  /// The object's text.
  std::string text() const { return out_ + '}'; }

 private:
  std::string out_ = "{";
};

/// `[a,b,...]`: each item of `items` as the JSON text `to_json(item)` gives.
template <class Range, class Fn>
std::string json_array(const Range& items, Fn&& to_json) {
  std::string out = "[";
  for (const auto& item : items) {
    if (out.size() > 1) out += ',';
    out += to_json(item);
  }
  return out + "]";
}

}  // namespace tracesift
