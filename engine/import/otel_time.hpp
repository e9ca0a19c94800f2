// Times of OpenTelemetry sources: OTLP nanoseconds and OTel-JS [seconds, nanoseconds] pairs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "../json_value.hpp"

namespace tracesift::import {

/// An OTLP `*TimeUnixNano` value: a decimal string or a JSON integer of nanoseconds since the
/// Unix epoch (an integral JSON number is accepted too). nullopt when it is neither or does not
/// fit in int64; `why` then says what is wrong.
std::optional<int64_t> parse_unix_nano(const Json& value, std::string& why);

/// An OTel-JS HrTime `[seconds, nanoseconds]` as nanoseconds since the Unix epoch. nullopt, with
/// `why`, when it is not such a pair.
std::optional<int64_t> parse_hr_time(const Json& value, std::string& why);

}  // namespace tracesift::import
