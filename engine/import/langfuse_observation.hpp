// Maps one Langfuse observation (GENERATION, SPAN, TOOL, ...) to a span, with what its trace
// gives it (session, user, task, tags, scores).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "../json_value.hpp"
#include "../span.hpp"

namespace tracesift::import {

/// What a Langfuse trace gives its observations.
struct LangfuseTraceContext {
  std::optional<std::string> trace_id;     ///< trace `id`
  std::optional<std::string> name;         ///< trace `name` (the span's task)
  std::optional<std::string> session_id;   ///< trace `sessionId`
  std::optional<std::string> user_id;      ///< trace `userId`
  std::optional<std::string> environment;  ///< trace `environment` (when the observation has none)
  Json shared = Json::object();            ///< attributes for every observation (tags, release, ...)
  Json root = Json::object();              ///< attributes for root observations (trace input, scores, ...)
  std::map<std::string, Json> scores;      ///< observation id -> its scores
};

/// The context a trace object (the `trace` of an export, or a public-API trace) gives.
LangfuseTraceContext langfuse_trace_context(const Json& trace);

/// An observation standing for a trace that has none (a trace logged without observations).
Json langfuse_trace_as_observation(const Json& trace);

/// True when `value` looks like one observation (an `id`, a `startTime`, and a `type` or `traceId`).
bool is_langfuse_observation(const Json& value);

/// Maps one observation to a span. Throws RecordError naming the field at fault.
Span map_langfuse_observation(const Json& observation, const LangfuseTraceContext* trace);

}  // namespace tracesift::import
