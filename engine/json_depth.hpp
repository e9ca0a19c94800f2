// The nesting limit of every JSON text the engine accepts (filters, rules, requests, review
// edits, import records), checked on the text itself before any recursive code sees it.
//
// Design note: nlohmann's parser is iterative, but dumping, copying and comparing a value recurse
// once per level; 5,000 levels overflowed the wasm stack ("Maximum call stack size exceeded",
// reported as `internal`). A scan of the text needs no stack, so it runs first.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "error.hpp"

namespace tracesift {

/// Deepest nesting of arrays and objects accepted in any JSON a caller or a file gives the engine.
inline constexpr int kMaxJsonDepth = 256;

/// Deepest array/object nesting in JSON text (strings skipped); stops counting past `limit`.
int json_nesting_depth(std::string_view text, int limit) noexcept;

/// Where JSON text first nests deeper than `limit`: nullopt when it never does; else the member
/// of the top-level object it happens under (its key as written), or "" when the top level is not
/// an object.
std::optional<std::string> json_too_deep(std::string_view text, int limit = kMaxJsonDepth);

/// Throws Error{code} when `text` nests deeper than kMaxJsonDepth: "<what>: field '<key>' is
/// nested deeper than 256 levels" naming the top-level member, or "<what> is nested deeper than
/// 256 levels" with `field` when the top level is not an object.
void check_json_depth(std::string_view text, Errc code, std::string_view what, std::string_view field = {});

}  // namespace tracesift
