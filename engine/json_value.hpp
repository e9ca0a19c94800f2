// The JSON value type of everything the engine reads from a trace.
#pragma once

#include <nlohmann/json.hpp>

namespace tracesift {

/// JSON as read from a trace: object keys stay in source order (nlohmann's ordered_json), so what
/// the engine writes back (attributes, tool schemas, tool-call arguments) keeps the source's
/// rendering. Lookups are linear in an object's size, which is small in every trace format.
using Json = nlohmann::ordered_json;

}  // namespace tracesift
