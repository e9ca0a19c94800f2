#include "output_check.hpp"

#include <nlohmann/json.hpp>

#include "../error.hpp"
#include "../json_depth.hpp"

namespace tracesift::review {

std::string checked_output(std::string_view output_json) {
  auto fail = [](const std::string& why) -> Error { return Error(Errc::invalid_argument, "output: " + why, "output"); };
  check_json_depth(output_json, Errc::invalid_argument, "output", "output");
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(output_json, nullptr, false);
  if (j.is_discarded()) throw fail("not valid JSON");
  if (!j.is_array() || j.empty())
    throw fail("must be a non-empty array of messages [{\"role\": ..., \"content\": ...}]");
  for (size_t i = 0; i < j.size(); ++i) {
    const nlohmann::ordered_json& m = j[i];
    const std::string at = "message " + std::to_string(i);
    if (!m.is_object()) throw fail(at + " is not an object");
    const auto role = m.find("role");
    if (role == m.end() || !role->is_string() || role->get_ref<const std::string&>().empty())
      throw fail(at + " needs a non-empty string \"role\"");
    const auto content = m.find("content");
    const bool has_content = content != m.end() && !content->is_null();
    if (has_content && !content->is_string() && !content->is_array())
      throw fail(at + ": \"content\" must be a string, an array of parts or null");
    const auto calls = m.find("tool_calls");
    if (calls != m.end() && !calls->is_array()) throw fail(at + ": \"tool_calls\" must be an array");
    if (!has_content && (calls == m.end() || calls->empty()))
      throw fail(at + " has neither \"content\" nor \"tool_calls\"");
  }
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::strict);
}

}  // namespace tracesift::review
