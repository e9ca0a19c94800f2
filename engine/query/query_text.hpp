// The query-string form of the filter for people (`model:gpt-4o cost>0.01 -status:failed "summ"`).
#pragma once

#include <cstdint>
#include <string_view>

#include "filter.hpp"

namespace tracesift {

/// Parses the query-string form of docs/CONTRACT.md into a Filter; `now_ns` anchors relative times like "7d".
///
/// Whitespace-separated terms, all of which must hold:
///   `key:value`, `key:"quoted value"` (escapes `\"` and `\\`), `-key:value` (negation, exact keys
///   and name only), `key>v`, `key>=v`, `key<v`, `key<=v` (cost in USD, tokens = input + output,
///   duration with `ms`/`s`/`m`/`h`, bare number = ms), `since:`/`until:` (RFC 3339 or 30m/24h/7d/2w),
///   bare words or quoted strings (name must contain each), `-word` (name must not contain it).
/// Keys are case-insensitive, values case-sensitive. An empty query is the empty filter.
/// Throws Error{invalid_filter} whose message says "at character N" and whose position() is N:
/// the 1-based Unicode code point where parsing failed; field() names the key when there is one.
Filter parse_query_text(std::string_view text, int64_t now_ns);

}  // namespace tracesift
