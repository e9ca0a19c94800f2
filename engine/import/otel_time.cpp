// Times of OpenTelemetry sources: OTLP nanoseconds and OTel-JS [seconds, nanoseconds] pairs.
#include "otel_time.hpp"
#include "json_fields.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "../timestamp.hpp"

namespace tracesift::import {

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

/// What a JSON value is as a whole number.
enum class Whole { no, yes, too_large };

// A JSON integer or integral number, >= 0 and <= `max` (too_large above it).
Whole whole_number(const Json& v, int64_t max, int64_t& out) {
  if (v.is_number_unsigned()) {
    const auto n = v.get<uint64_t>();
    if (n > static_cast<uint64_t>(max)) return Whole::too_large;
    out = static_cast<int64_t>(n);
    return Whole::yes;
  }
  if (v.is_number_integer()) {
    const auto n = v.get<int64_t>();
    if (n < 0) return Whole::no;
    if (n > max) return Whole::too_large;
    out = n;
    return Whole::yes;
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (!std::isfinite(d) || d < 0 || std::trunc(d) != d) return Whole::no;
    // 2^63 - 1024 is the largest double below 2^63: anything under it converts without overflow.
    if (d >= 9223372036854774784.0 || static_cast<int64_t>(d) > max) return Whole::too_large;
    out = static_cast<int64_t>(d);
    return Whole::yes;
  }
  return Whole::no;
}

}  // namespace

std::optional<int64_t> parse_unix_nano(const Json& value, std::string& why) {
  int64_t n = 0;
  Whole whole = Whole::no;
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    uint64_t u = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), u);
    const bool digits = !s.empty() && end == s.data() + s.size();
    if (digits && ec == std::errc() && u <= static_cast<uint64_t>(kMax)) {
      n = static_cast<int64_t>(u);
      whole = Whole::yes;
    } else if (digits && (ec == std::errc::result_out_of_range || ec == std::errc())) {
      whole = Whole::too_large;
    }
  } else {
    whole = whole_number(value, kMax, n);
  }
  if (whole == Whole::yes) return n;
  if (whole == Whole::too_large) {
    why = time_out_of_range(brief(value) + " nanoseconds since the Unix epoch");
  } else {
    why = "expected nanoseconds since the Unix epoch (a decimal string or an integer), got " + brief(value);
  }
  return std::nullopt;
}

std::optional<int64_t> parse_hr_time(const Json& value, std::string& why) {
  if (value.is_array() && value.size() == 2) {
    int64_t seconds = 0, nanos = 0;
    const Whole s = whole_number(value[0], kMax / 1'000'000'000, seconds);
    const Whole n = whole_number(value[1], 999'999'999, nanos);
    if (s == Whole::yes && n == Whole::yes) {
      if (const auto ns = add_time_ns(seconds * 1'000'000'000, nanos)) return ns;
    }
    if ((s == Whole::too_large || s == Whole::yes) && n == Whole::yes) {
      why = time_out_of_range(brief(value) + " ([seconds, nanoseconds] since the Unix epoch)");
      return std::nullopt;
    }
  }
  why = "expected [seconds, nanoseconds] since the Unix epoch, got " + brief(value);
  return std::nullopt;
}

}  // namespace tracesift::import
