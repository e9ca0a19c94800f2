// Internal to engine/export: simdjson parsing for the cold paths (tool definitions, stored JSON that
// is not on one line) and the output helpers the writers share.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tracesift::exporter {

/// A reusable simdjson DOM parser for one document at a time; the element returned by `parse`
/// stays valid until the next `parse` on the same JsonDoc.
class JsonDoc {
 public:
  /// Parses `text`; returns false when it is not JSON (or nests deeper than 256 levels).
  bool parse(std::string_view text, simdjson::dom::element& root);

 private:
  simdjson::dom::parser parser_;
  std::string padded_;
};

/// The JSON type of `v` for messages: "a string", "an object", ...
std::string_view json_type_name(simdjson::dom::element v) noexcept;

/// Appends an integer in decimal.
void append_int64(std::string& out, int64_t v);

/// Appends `v` as compact JSON text.
void append_minified(std::string& out, simdjson::dom::element v);

/// Appends stored JSON text as it is when it is on one line (the importer stores compact JSON),
/// else re-minified, so each output record stays on one line.
void append_one_line_json(std::string& out, std::string_view text, JsonDoc& scratch);

}  // namespace tracesift::exporter
