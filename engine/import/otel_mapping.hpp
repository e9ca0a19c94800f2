// The OpenTelemetry GenAI, OpenInference and Vercel AI SDK span attributes -> the span record.
#pragma once

#include <array>
#include <string_view>

#include "../span.hpp"
#include "otel_attributes.hpp"

namespace tracesift::import {

struct OtelEventMessages;

/// What the reader knows of a span's outcome besides its attributes.
struct OtelSpanStatus {
  bool failed = false;                 ///< status code ERROR
  std::string_view message;            ///< status.message
  std::string_view exception_message;  ///< exception.message of the span's first "exception" event
};

/// Resource attributes a span's mapping used, as bits; those keys leave that span's
/// attributes["otel.resource"].
enum OtelResourceUse : unsigned {
  kResourceEnvironmentName = 1u,  ///< deployment.environment.name -> environment
  kResourceEnvironment = 2u,      ///< deployment.environment -> environment
  kResourceServiceName = 4u,      ///< service.name -> task
};

/// The resource attribute key of each OtelResourceUse bit, lowest bit first.
inline constexpr std::array<std::string_view, 3> kOtelResourceUseKeys{"deployment.environment.name",
                                                                      "deployment.environment", "service.name"};

/// Maps the attributes of one span into `span`: model, provider, kind, tokens, cost, session,
/// user, environment, task, error (when `status.failed`) and the input/output messages
/// (map_otel_messages, with the messages the span's events carried, `events`, may be null).
/// Attributes whose values the span record then holds in full are marked
/// consumed; the rest stay for `attributes`. `resource` (may be null) is read, never marked;
/// returns which of its attributes were used (OtelResourceUse bits).
///
/// Precedence (first present wins):
///   model      gen_ai.response.model > llm.model_name > gen_ai.request.model > ai.response.model > ai.model.id
///   provider   gen_ai.provider.name > gen_ai.system > llm.provider > llm.system > ai.model.provider,
///              lower-cased; a Vercel AI SDK provider id ("openai.responses") keeps its first part
///   kind       openinference.span.kind > gen_ai.operation.name > Vercel ai.operationId > the
///              operation id leading Vercel's operation.name > a model present (llm_call) >
///              gen_ai.tool.name present (tool) > custom
///   tokens     gen_ai.usage.input_tokens > gen_ai.usage.prompt_tokens > llm.token_count.prompt, and
///              likewise output/completion (integers or decimal strings); an embedding span's input
///              > Vercel ai.usage.tokens; when no attribute gives either count, the usage of a
///              provider response body in output.value (OpenAI/Anthropic `usage`, Gemini
///              `usageMetadata`)
///   cost       tracesift.cost_usd > llm.cost.total > gen_ai.usage.cost (never computed from prices)
///   session    gen_ai.conversation.id > session.id;   user   user.id > enduser.id
///   environment deployment.environment.name > deployment.environment (span, then resource)
///   task       tracesift.task > resource service.name
///   error      status message > error.type > the exception event's message
unsigned map_otel_span(OtelAttributes& attributes, const OtelAttributes* resource, const OtelSpanStatus& status,
                       Span& span, OtelEventMessages* events = nullptr);

}  // namespace tracesift::import
