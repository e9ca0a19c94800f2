// Validates a reviewer's edited output: canonical messages (docs/FORMAT.md), checked by the
// message module's rules.
#pragma once

#include <string>
#include <string_view>

namespace tracesift::review {

/// Checks `output_json` is a non-empty array of canonical messages (messages::
/// canonical_messages_problem: roles system/user/assistant/tool, only the canonical keys, content
/// or tool_calls on each) and returns it as compact JSON. Throws Error{invalid_argument, field
/// "output"} naming the message and the rule.
std::string checked_output(std::string_view output_json);

}  // namespace tracesift::review
