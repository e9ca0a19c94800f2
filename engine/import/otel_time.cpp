// Times of OpenTelemetry sources: OTLP nanoseconds and OTel-JS [seconds, nanoseconds] pairs.
#include "otel_time.hpp"
#include "json_fields.hpp"

#include <charconv>
#include <cmath>
#include <limits>

namespace tracesift::import {

using nlohmann::json;

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// A JSON integer or integral number, >= 0 and <= `max`.
std::optional<int64_t> whole_number(const json& v, int64_t max) {
  if (v.is_number_unsigned()) {
    const auto n = v.get<uint64_t>();
    if (n <= static_cast<uint64_t>(max)) return static_cast<int64_t>(n);
  } else if (v.is_number_integer()) {
    const auto n = v.get<int64_t>();
    if (n >= 0 && n <= max) return n;
  } else if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && d >= 0 && d <= static_cast<double>(max) && d < 9.2e18 && std::trunc(d) == d) {
      return static_cast<int64_t>(d);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<int64_t> parse_unix_nano(const json& value, std::string& why) {
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    uint64_t n = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || n > static_cast<uint64_t>(kMax)) {
      why = "expected nanoseconds since the Unix epoch (a decimal string or an integer), got " + brief(value);
      return std::nullopt;
    }
    return static_cast<int64_t>(n);
  }
  if (const auto n = whole_number(value, kMax)) return n;
  why = "expected nanoseconds since the Unix epoch (a decimal string or an integer), got " + brief(value);
  return std::nullopt;
}

std::optional<int64_t> parse_hr_time(const json& value, std::string& why) {
  if (value.is_array() && value.size() == 2) {
    const auto seconds = whole_number(value[0], kMax / 1'000'000'000 - 1);
    const auto nanos = whole_number(value[1], 999'999'999);
    if (seconds && nanos) return *seconds * 1'000'000'000 + *nanos;
  }
  why = "expected [seconds, nanoseconds] since the Unix epoch, got " + brief(value);
  return std::nullopt;
}

}  // namespace tracesift::import
