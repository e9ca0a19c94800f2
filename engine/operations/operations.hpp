// The engine's operations as the API calls them: by name, with JSON arguments, answering JSON.
// The names and their order of arguments are declared once, in worker/src/operations.ts;
// scripts/gen_operations.mjs writes the list this header includes (operations.inc).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/operations/operation_args.hpp"

namespace tracesift {
class Engine;
}

namespace tracesift::ops {

/// One operation: the engine and the call's arguments in, the result's JSON text out.
using Operation = std::string (*)(Engine& engine, const OperationArgs& args);

// One `std::string ops::NAME(Engine&, const OperationArgs&)` per declared `call` operation, defined
// beside its feature in engine/operations/*_operations.cpp (a missing one fails the link).
#define TRACESIFT_OPERATION(name, api_name) std::string name(Engine& engine, const OperationArgs& args);
#include "tracesift/operations.inc"
#undef TRACESIFT_OPERATION

/// The operation of that API name (camelCase, as declared), or nullptr.
Operation find_operation(std::string_view api_name) noexcept;

/// Every operation's API name, in declaration order.
const std::vector<std::string_view>& operation_names();

/// Calls operation `api_name`; Errc::invalid_argument (field "operation") for an unknown name.
std::string call_operation(Engine& engine, std::string_view api_name, const OperationArgs& args);

}  // namespace tracesift::ops
