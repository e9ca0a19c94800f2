#include "output_check.hpp"

#include "../error.hpp"
#include "../json_depth.hpp"
#include "../messages/messages.hpp"

namespace tracesift::review {

std::string checked_output(std::string_view output_json) {
  auto fail = [](const std::string& why) -> Error { return Error(Errc::invalid_argument, "output: " + why, "output"); };
  check_json_depth(output_json, Errc::invalid_argument, "output", "output");
  const Json j = Json::parse(output_json, nullptr, false);
  if (j.is_discarded()) throw fail("not valid JSON");
  if (auto problem = messages::canonical_messages_problem(j)) throw fail(*problem);
  return j.dump(-1, ' ', false, Json::error_handler_t::strict);
}

}  // namespace tracesift::review
