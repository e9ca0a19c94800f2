// OpenTelemetry attributes (OTLP key/AnyValue lists or flat objects) as one ordered flat map.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../json_value.hpp"

namespace tracesift::import {

/// Converts an OTLP AnyValue ({"stringValue": ...}, {"intValue": ...}, {"arrayValue": {"values":
/// [...]}}, {"kvlistValue": {"values": [{key, value}]}}, ...) to plain JSON: intValue (number or
/// decimal string) becomes an integer, bytesValue stays its base64 string, a kvlistValue becomes an
/// object with its keys in list order, an empty AnyValue is null. Anything that is not an AnyValue
/// is returned as given, so no data is lost.
Json otel_any_value(const Json& any_value);

/// One attribute of a span or resource.
struct OtelAttribute {
  std::string_view key;       ///< points into the source document, which outlives the map
  const Json* ref = nullptr;  ///< the value inside the source document, when usable as is
  Json owned;                 ///< the converted value otherwise
  bool consumed = false;      ///< mapped into a span field, so left out of `attributes`

  /// The attribute's value as plain JSON.
  const Json& value() const noexcept { return ref ? *ref : owned; }
};

/// The flat attributes of one span or resource, in source order, looked up by key.
///
/// Design note: keys are views into the parsed document and string values are referenced, not
/// copied, because readers map millions of spans; a map is reused across spans (clear() keeps
/// its capacity). A repeated key keeps the first position and the last value.
class OtelAttributes {
 public:
  /// Forgets every attribute (keeps the allocated capacity).
  void clear() noexcept;
  /// Adds an attribute whose value lives in the source document.
  void add(std::string_view key, const Json& value);
  /// Adds an attribute with a converted value.
  void add_owned(std::string_view key, Json value);
  /// Builds the lookup index; call after the last add and before any lookup.
  void index();

  /// The attribute named `key` (consumed or not), or nullptr.
  OtelAttribute* find(std::string_view key) noexcept;
  /// The attribute named `key` (consumed or not), or nullptr.
  const OtelAttribute* find(std::string_view key) const noexcept;
  /// The value of `key` unless absent or already consumed, else nullptr.
  const Json* get(std::string_view key) const noexcept;
  /// The string value of `key` when present, not consumed, a non-empty string; else nullptr.
  const std::string* get_string(std::string_view key) const noexcept;
  /// Marks `key` as mapped (no effect when absent).
  void consume(std::string_view key) noexcept;

  /// Calls `fn(OtelAttribute&)` for each live (not superseded) attribute whose key starts with
  /// `prefix`, in key order.
  template <class Fn>
  void for_prefix(std::string_view prefix, Fn&& fn) {
    for (auto i = lower_bound(prefix); i < sorted_.size(); ++i) {
      OtelAttribute& a = entries_[sorted_[i]];
      if (a.key.substr(0, prefix.size()) != prefix) break;
      fn(a);
    }
  }

  /// True when no attribute is left unconsumed.
  bool all_consumed() const noexcept;
  /// Appends the unconsumed attributes as `"key":value` members of a JSON object (comma-separated,
  /// a leading comma unless `first`); sets `first` to false when it wrote any.
  void append_members(std::string& out, bool& first) const;
  /// Appends the unconsumed attributes, except those named in `skip`, as a JSON object.
  void append_object(std::string& out, std::span<const std::string_view> skip = {}) const;
  /// The unconsumed attributes as a JSON object (for nested values such as event attributes).
  Json to_json() const;

  /// Number of attributes (repeated keys counted once after index()).
  size_t size() const noexcept { return sorted_.size(); }
  /// The attributes in source order (superseded repeats included, marked consumed).
  const std::vector<OtelAttribute>& entries() const noexcept { return entries_; }

 private:
  size_t lower_bound(std::string_view key) const noexcept;

  std::vector<OtelAttribute> entries_;
  std::vector<uint32_t> sorted_;  // indexes of live entries, by key
};

/// Reads an OTLP attribute list ([{"key": ..., "value": AnyValue}, ...]) into `out` (then
/// indexes it). A missing list is empty. Returns an empty string, or what is wrong with the list
/// ("field 'attributes[2]': expected {...}"), naming the list `field`.
std::string otel_attributes(const Json* key_values, std::string_view field, OtelAttributes& out);

/// Reads a flat attribute object ({"gen_ai.request.model": "gpt-4o", ...}, the OTel-JS
/// ReadableSpan and test-fixture shape) into `out` (then indexes it); values are used as given.
/// Also accepts an OTLP list. Returns an empty string or what is wrong, like otel_attributes.
std::string flat_attributes(const Json* attributes, std::string_view field, OtelAttributes& out);

/// Appends `value` as compact JSON (invalid UTF-8 replaced by U+FFFD).
void append_json_value(std::string& out, const Json& value);

/// JSON text held in a string attribute, as a value of the attributes' JSON type; nullopt when it
/// is not JSON or nests deeper than kMaxJsonDepth.
std::optional<Json> attribute_json_text(std::string_view text);

}  // namespace tracesift::import
