// RFC 3339 timestamps <-> nanoseconds since the Unix epoch (UTC), without locale or libc time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tracesift {

/// Parses an RFC 3339 date-time ("2025-01-02T03:04:05.123456789Z", any offset) to UTC nanoseconds.
/// Returns nullopt when the text is not a valid RFC 3339 date-time.
std::optional<int64_t> parse_rfc3339(std::string_view text) noexcept;

/// Formats UTC nanoseconds as RFC 3339 with a "Z" suffix, keeping as many fractional digit groups
/// (milli, micro, nano) as the value needs.
std::string format_rfc3339(int64_t ns_since_epoch);

/// Days since 1970-01-01 of a proleptic Gregorian civil date.
int64_t days_from_civil(int64_t year, unsigned month, unsigned day) noexcept;

}  // namespace tracesift
