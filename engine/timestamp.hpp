// RFC 3339 timestamps <-> nanoseconds since the Unix epoch (UTC), without locale or libc time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tracesift {

/// The earliest time a span can hold: times are int64 nanoseconds since the Unix epoch.
inline constexpr int64_t kMinTimeNs = INT64_MIN;
/// The latest time a span can hold.
inline constexpr int64_t kMaxTimeNs = INT64_MAX;
/// kMinTimeNs and kMaxTimeNs as RFC 3339, for messages.
inline constexpr std::string_view kTimeRangeText = "1677-09-21T00:12:43.145224192Z to 2262-04-11T23:47:16.854775807Z";

/// Why a time was refused.
enum class TimeError {
  none,          ///< not refused
  syntax,        ///< not a date-time at all
  out_of_range,  ///< a valid date-time outside kMinTimeNs..kMaxTimeNs
};

/// Parses an RFC 3339 date-time ("2025-01-02T03:04:05.123456789Z", any offset) to UTC nanoseconds.
/// Returns nullopt when the text is not a valid RFC 3339 date-time or lies outside
/// kMinTimeNs..kMaxTimeNs (see the overload that says which).
std::optional<int64_t> parse_rfc3339(std::string_view text) noexcept;

/// parse_rfc3339, setting `error` to why a text was refused (`none` when it was not).
/// Design note: years 0000-9999 parse, but only 1677-2262 fit in int64 nanoseconds; a time outside
/// must be refused, not wrapped (0001-01-01 once became 1754-08-30).
std::optional<int64_t> parse_rfc3339(std::string_view text, TimeError& error) noexcept;

/// "<shown> is outside the times tracesift can store (1677-09-21T00:12:43.145224192Z to
/// 2262-04-11T23:47:16.854775807Z)": the message of every out-of-range time.
std::string time_out_of_range(std::string_view shown);

/// `ns + add` when it stays within kMinTimeNs..kMaxTimeNs (`add` may be negative), else nullopt.
std::optional<int64_t> add_time_ns(int64_t ns, int64_t add) noexcept;

/// Formats UTC nanoseconds as RFC 3339 with a "Z" suffix, keeping as many fractional digit groups
/// (milli, micro, nano) as the value needs.
std::string format_rfc3339(int64_t ns_since_epoch);

/// Days since 1970-01-01 of a proleptic Gregorian civil date.
int64_t days_from_civil(int64_t year, unsigned month, unsigned day) noexcept;

}  // namespace tracesift
