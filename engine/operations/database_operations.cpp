// Operations on the database file as a whole: its integrity and its size.
#include <string>

#include "engine/engine.hpp"
#include "engine/json_text.hpp"
#include "engine/operations/operations.hpp"

namespace tracesift::ops {

std::string check_database(Engine& engine, const OperationArgs&) {
  const std::string report = engine.check_integrity();
  std::string out = "{\"ok\":";
  out += report == "ok" ? "true" : "false";
  append_json_key(out, "report");
  append_json_string(out, report);
  out += '}';
  return out;
}

std::string database_size(Engine& engine, const OperationArgs&) {
  return "{\"bytes\":" + std::to_string(engine.database_bytes()) + "}";
}

}  // namespace tracesift::ops
