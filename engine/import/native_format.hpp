// The native span JSONL format (docs/FORMAT.md): one span record of SPEC.md per line.
#pragma once

#include <string>
#include <string_view>

#include "../span.hpp"

namespace tracesift::import {

/// Deepest nesting of arrays/objects accepted in one record.
inline constexpr int kMaxJsonDepth = 256;

/// Parses one native JSONL line into `out`. Returns an empty string on success, else the reason
/// the line was rejected (naming the field where there is one).
std::string parse_native_line(std::string_view line, Span& out);

/// Deepest array/object nesting in JSON text (strings skipped); stops counting past `limit`.
int json_nesting_depth(std::string_view text, int limit) noexcept;

}  // namespace tracesift::import
