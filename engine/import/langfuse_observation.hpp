// Maps one Langfuse observation (GENERATION, SPAN, TOOL, ...) to a span, with what its trace
// gives it (session, user, task, tags, scores).
#pragma once

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "../span.hpp"

namespace tracesift::import {

/// What a Langfuse trace gives its observations.
struct LangfuseTraceContext {
  std::optional<std::string> trace_id;               ///< trace `id`
  std::optional<std::string> name;                   ///< trace `name` (the span's task)
  std::optional<std::string> session_id;             ///< trace `sessionId`
  std::optional<std::string> user_id;                ///< trace `userId`
  std::optional<std::string> environment;            ///< trace `environment` (when the observation has none)
  nlohmann::json shared = nlohmann::json::object();  ///< attributes for every observation (tags, release, ...)
  nlohmann::json root = nlohmann::json::object();    ///< attributes for root observations (trace input, scores, ...)
  std::map<std::string, nlohmann::json> scores;      ///< observation id -> its scores
};

/// The context a trace object (the `trace` of an export, or a public-API trace) gives.
LangfuseTraceContext langfuse_trace_context(const nlohmann::json& trace);

/// An observation standing for a trace that has none (a trace logged without observations).
nlohmann::json langfuse_trace_as_observation(const nlohmann::json& trace);

/// True when `value` looks like one observation (an `id`, a `startTime`, and a `type` or `traceId`).
bool is_langfuse_observation(const nlohmann::json& value);

/// Maps one observation to a span. Throws RecordError naming the field at fault. `ordered` (may
/// be null) is the same observation with its keys in source order: what the span keeps as given
/// (input and output bodies such as `tools`, metadata) is written from it.
Span map_langfuse_observation(const nlohmann::json& observation, const LangfuseTraceContext* trace,
                              const nlohmann::ordered_json* ordered = nullptr);

}  // namespace tracesift::import
