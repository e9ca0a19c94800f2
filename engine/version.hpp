// The engine's version, recorded in dataset recipes and shown by the CLI.
#pragma once

#include <string_view>

namespace tracesift {

/// The engine's version (semantic versioning).
inline constexpr std::string_view kEngineVersion = "0.1.0";

}  // namespace tracesift
