// An import's progress and report as JSON text.
#include "import_json.hpp"

#include "../json_value.hpp"

namespace tracesift::import {

std::string progress_json(const ImportProgress& p) {
  return Json{{"bytes", p.bytes},     {"read", p.read},     {"imported", p.imported}, {"updated", p.updated},
              {"skipped", p.skipped}, {"errors", p.errors}, {"captured", p.captured}}
      .dump();
}

std::string report_json(const ImportReport& r) {
  Json errors = Json::array();
  for (const auto& e : r.errors) {
    errors.push_back({{"file", e.file},
                      {"line", e.line},
                      {"code", e.code},
                      {"field", e.field.empty() ? Json() : Json(e.field)},
                      {"message", e.message}});
  }
  const auto& c = r.counts;
  // (replace: a message may quote bytes of the input that are not UTF-8)
  return Json{{"format", r.format},       {"read", c.read},        {"imported", c.imported},  {"updated", c.updated},
              {"skipped", c.skipped},     {"errors", errors},      {"error_count", c.errors}, {"bytes", c.bytes},
              {"cancelled", r.cancelled}, {"captured", c.captured}}
      .dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace tracesift::import
