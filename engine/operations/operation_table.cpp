#include <utility>

#include "engine/error.hpp"
#include "engine/operations/operations.hpp"

namespace tracesift::ops {

namespace {

/// The declared operations: {API name, function}.
constexpr std::pair<std::string_view, Operation> kOperations[] = {
#define TRACESIFT_OPERATION(name, api_name) {api_name, &name},
#include "tracesift/operations.inc"
#undef TRACESIFT_OPERATION
};

}  // namespace

Operation find_operation(std::string_view api_name) noexcept {
  for (const auto& [name, fn] : kOperations) {
    if (name == api_name) return fn;
  }
  return nullptr;
}

const std::vector<std::string_view>& operation_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const auto& entry : kOperations) out.push_back(entry.first);
    return out;
  }();
  return names;
}

std::string call_operation(Engine& engine, std::string_view api_name, const OperationArgs& args) {
  const Operation fn = find_operation(api_name);
  if (fn == nullptr)
    throw Error(Errc::invalid_argument, "unknown operation '" + std::string(api_name) + "'", "operation");
  return fn(engine, args);
}

}  // namespace tracesift::ops
