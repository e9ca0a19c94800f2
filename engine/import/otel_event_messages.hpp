// Chat messages carried by a span's events, or by the log records linked to the span: the GenAI
// `gen_ai.client.inference.operation.details` event and the older per-message events
// (`gen_ai.system.message`, `gen_ai.user.message`, `gen_ai.assistant.message`,
// `gen_ai.tool.message`, `gen_ai.choice`).
#pragma once

#include <string_view>

#include "../json_value.hpp"
#include "../messages/messages.hpp"
#include "otel_attributes.hpp"

namespace tracesift::import {

using messages::ChatMessages;

/// The name of the GenAI event that carries a whole call's messages.
inline constexpr std::string_view kOperationDetailsEvent = "gen_ai.client.inference.operation.details";

/// The messages a span's events carried, by source.
struct OtelEventMessages {
  ChatMessages details_input;       ///< operation details: system instructions, then gen_ai.input.messages
  ChatMessages details_output;      ///< operation details: gen_ai.output.messages
  bool has_details_input = false;   ///< details_input holds what an event said
  bool has_details_output = false;  ///< details_output holds what an event said
  ChatMessages input;               ///< per-message events (system, user, assistant, tool), in order
  ChatMessages output;              ///< gen_ai.choice events, in order
  bool has_input = false;           ///< input holds what an event said
  bool has_output = false;          ///< output holds what an event said

  /// Set before the events are read: the span's own attributes carry the messages of that side
  /// (gen_ai.input.messages / gen_ai.output.messages), so no event is mapped for it.
  bool span_has_input = false;
  /// As span_has_input, for the output side.
  bool span_has_output = false;
  /// Set before the events are read: an operation-details event is among them, so the
  /// per-message events are not mapped (they stay events).
  bool details_present = false;

  /// Forgets everything (before the next span).
  void clear();
};

/// A part of a Gemini Content as google-genai's Python SDK dumps it (every Part field present,
/// unset ones null; snake_case `function_call` / `function_response`) in the Gemini API's shape
/// (`functionCall`, `functionResponse`, unset fields left out), which the message converter reads.
Json gemini_api_part(const Json& part);

/// A Gemini Content {"role", "parts": [...]} with each part through gemini_api_part; anything
/// else as given.
Json gemini_api_content(const Json& content);

/// True when `name` is an event this file maps (operation details or a per-message event).
bool is_message_event(std::string_view name) noexcept;

/// Reads one event or log record named `name`, with its attributes (already read, indexed) and,
/// for a log record, its body as plain JSON (`body` may be null). When it carries messages that
/// `out` takes (see OtelEventMessages), adds them and marks consumed the attributes they hold in
/// full. `span_attributes` are read for gen_ai.response.finish_reasons. Sets `rest` to what is left
/// of the body: null when it was used in full or there was none, else the body (or, for an object
/// body, its members that the messages do not hold). Returns true when the messages hold any of
/// the event's fields.
bool take_event_messages(std::string_view name, OtelAttributes& attributes, const Json* body,
                         const OtelAttributes& span_attributes, OtelEventMessages& out, Json& rest);

}  // namespace tracesift::import
