// Trace and span ids of OpenTelemetry sources (hex or base64) as lower-case hex.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tracesift::import {

/// Normalises an OTLP id of `bytes` bytes (16 for trace ids, 8 for span ids) to lower-case hex.
/// Accepts hex of 2 * `bytes` digits in either case (OTLP/JSON) or standard/URL-safe base64 that
/// decodes to exactly `bytes` bytes (protobuf JSON mapping). Returns nullopt for anything else.
std::optional<std::string> normalize_otel_id(std::string_view text, size_t bytes);

/// Why `text` is not a valid id of `bytes` bytes, for error messages.
std::string describe_bad_otel_id(std::string_view text, size_t bytes);

}  // namespace tracesift::import
