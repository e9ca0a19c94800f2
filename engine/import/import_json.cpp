// An import's progress and report as JSON text.
#include "import_json.hpp"

#include "../json_text.hpp"

namespace tracesift::import {

std::string progress_json(const ImportProgress& p) {
  return JsonObject()
      .field("bytes", p.bytes)
      .field("read", p.read)
      .field("imported", p.imported)
      .field("updated", p.updated)
      .field("skipped", p.skipped)
      .field("errors", p.errors)
      .field("captured", p.captured)
      .text();
}

std::string report_json(const ImportReport& r) {
  // (a message may quote bytes of the input that are not UTF-8: the writer replaces them)
  const std::string errors = json_array(r.errors, [](const auto& e) {
    return JsonObject()
        .field("file", e.file)
        .field("line", e.line)
        .field("code", e.code)
        .field("field", e.field.empty() ? std::optional<std::string>() : std::optional<std::string>(e.field))
        .field("message", e.message)
        .text();
  });
  const auto& c = r.counts;
  return JsonObject()
      .field("format", r.format)
      .field("read", c.read)
      .field("imported", c.imported)
      .field("updated", c.updated)
      .field("skipped", c.skipped)
      .raw("errors", errors)
      .field("error_count", c.errors)
      .field("bytes", c.bytes)
      .field("cancelled", r.cancelled)
      .field("captured", c.captured)
      .text();
}

}  // namespace tracesift::import
