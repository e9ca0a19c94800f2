// Validates a reviewer's edited output: the canonical messages shape of docs/CONTRACT.md.
#pragma once

#include <string>
#include <string_view>

namespace tracesift::review {

/// Checks `output_json` is a non-empty JSON array of messages `{"role": non-empty string,
/// "content": string | array | null, ...}` where each message has content or `tool_calls`, and
/// returns it as compact JSON. Throws Error{invalid_argument, field "output"} naming the message.
std::string checked_output(std::string_view output_json);

}  // namespace tracesift::review
