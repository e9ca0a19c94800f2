// Typed, forgiving reads of JSON values (keys in source order) for the provider-format readers (Langfuse,
// OpenAI chat, request/response): field access with errors that name the path, JSON held in strings, token counts,
// costs and times in the shapes those exports use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "../json_value.hpp"

namespace tracesift::import {

/// Rejects a record (or one part of it); `message` says where ("observations[2]: field 'startTime': ...").
struct RecordError {
  std::string message;  ///< what is wrong and where
};

/// Throws RecordError "field '<path>': <why>".
[[noreturn]] void field_error(std::string_view path, std::string_view why);

/// The value of `key` in `object`, or nullptr when `object` is not an object, or the key is missing or null.
const Json* field(const Json& object, std::string_view key);

/// A string field; nullopt when missing or null; RecordError naming `path` for any other type.
std::optional<std::string> string_field(const Json& object, std::string_view key, std::string_view path);

/// A non-empty string field, or nullopt for anything else (for optional, loosely typed sources).
std::optional<std::string> string_if(const Json& object, std::string_view key);

/// A token count: a non-negative integer, an integral float, or a decimal string of one ("15"), at
/// most kMaxTokenCount; else nullopt.
std::optional<int64_t> count_value(const Json& v);

/// A token count read from `v` (count_value); RecordError "field '<path>': expected a
/// non-negative integer, got ..." for anything else.
int64_t required_count(const Json& v, std::string_view path);

/// The token count `key` of `object` (nullopt when missing or null); RecordError naming `path`
/// when it holds anything but a count.
std::optional<int64_t> count_field(const Json& object, std::string_view key, std::string_view path);

/// A cost: a finite number >= 0 or a numeric string; else nullopt.
std::optional<double> cost_value(const Json& v);

/// A cost read from `v` (cost_value); RecordError "field '<path>': expected a number of US dollars
/// >= 0, got ..." for anything else.
double required_cost(const Json& v, std::string_view path);

/// A time in UTC ns: an RFC 3339 string (read as UTC when it has no offset), or a Unix time number
/// in seconds, milliseconds, microseconds or nanoseconds (told apart by magnitude). nullopt when
/// `v` is not a time; RecordError "field '<path>': ... is outside the times tracesift can store"
/// when it is one that int64 nanoseconds cannot hold (docs/FORMAT.md).
std::optional<int64_t> time_value(const Json& v, std::string_view path);

/// A string holding JSON, parsed (again while the result is itself a string holding an object or
/// array); anything else, or text that is not JSON, is returned unchanged.
Json parse_embedded_json(const Json& v);

/// `v` with every string in it (itself included) that holds a JSON object or array parsed.
Json deep_parse_json(const Json& v);

/// Compact JSON text; invalid UTF-8 in strings is replaced by U+FFFD so the text is always valid.
std::string compact(const Json& v);

/// Compact JSON text with every object's keys sorted (byte order), whatever order `v` holds them
/// in: what content-derived ids hash, so they do not depend on how a source ordered its keys.
std::string sorted_compact(const Json& v);

/// Compact JSON text cut to about 60 characters, for error messages.
std::string brief(const Json& v);

/// ASCII lower case.
std::string to_lower(std::string s);

/// True for null, "", {} and [].
bool is_empty_value(const Json& v) noexcept;

/// Sets `out[key] = value` unless `value` is empty (see is_empty_value).
void put_if_present(Json& out, const std::string& key, const Json& value);

}  // namespace tracesift::import
