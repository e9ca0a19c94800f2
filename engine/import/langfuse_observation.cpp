// Maps one Langfuse observation to a span.
#include "langfuse_observation.hpp"

#include <array>
#include <string_view>

#include "../messages/messages.hpp"
#include "../timestamp.hpp"
#include "json_fields.hpp"
#include "otel_attributes.hpp"
#include "otel_messages.hpp"

namespace tracesift::import {

namespace msgs = tracesift::messages;

namespace {

// Observation fields mapped to span fields (they are not repeated in attributes).
constexpr std::array<std::string_view, 18> kMappedFields{"id",
                                                         "traceId",
                                                         "parentObservationId",
                                                         "type",
                                                         "name",
                                                         "startTime",
                                                         "endTime",
                                                         "model",
                                                         "providedModelName",
                                                         "input",
                                                         "output",
                                                         "metadata",
                                                         "environment",
                                                         "usage",
                                                         "promptTokens",
                                                         "completionTokens",
                                                         "statusMessage",
                                                         "level"};

// Fields Langfuse derives at ingestion or for its UI (ids of its own rows, sums of usage and cost
// already in usageDetails/costDetails, timings computed from the times): dropped.
constexpr std::array<std::string_view, 21> kDerivedFields{
    "projectId",           "createdAt",           "updatedAt",
    "internalModel",       "internalModelId",     "latency",
    "timeToFirstToken",    "inputCost",           "outputCost",
    "totalCost",           "inputUsage",          "outputUsage",
    "totalUsage",          "calculatedInputCost", "calculatedOutputCost",
    "calculatedTotalCost", "totalTokens",         "unit",
    "toolCallNames",       "usagePricingTierId",  "traceName"};

template <size_t N>
bool listed(const std::array<std::string_view, N>& list, std::string_view key) {
  for (const auto k : list) {
    if (k == key) return true;
  }
  return false;
}

SpanKind kind_of(const std::string& type) {
  if (type == "GENERATION") return SpanKind::llm_call;
  if (type == "TOOL") return SpanKind::tool;
  if (type == "AGENT") return SpanKind::agent;
  if (type == "CHAIN") return SpanKind::chain;
  if (type == "RETRIEVER") return SpanKind::retrieval;
  if (type == "EMBEDDING") return SpanKind::embedding;
  return SpanKind::custom;  // SPAN, EVENT, EVALUATOR, GUARDRAIL, and types to come
}

// Cost from a {input, output, total, ...} object at `path`: its total, else the sum of its parts.
std::optional<double> cost_of(const Json* details, const std::string& path) {
  if (!details || !details->is_object() || details->empty()) return std::nullopt;
  if (const Json* total = field(*details, "total")) return required_cost(*total, path + ".total");
  double sum = 0;
  bool any = false;
  for (const auto& [key, v] : details->items()) {
    if (v.is_null()) continue;
    sum += required_cost(v, path + "." + key);
    any = true;
  }
  return any ? std::optional<double>(sum) : std::nullopt;
}

// Cost precedence: a provided cost, then the one Langfuse calculated. Older exports without
// costDetails carry only totals, where 0 means "not calculated". Nothing is ever priced here.
std::optional<double> observation_cost(const Json& o) {
  if (auto c = cost_of(field(o, "providedCostDetails"), "providedCostDetails")) return c;
  if (o.contains("costDetails")) return cost_of(field(o, "costDetails"), "costDetails");
  for (const char* key : {"calculatedTotalCost", "totalCost"}) {
    const Json* v = field(o, key);
    if (const double c = v ? required_cost(*v, key) : 0; c > 0) return c;
  }
  return std::nullopt;
}

void map_usage(const Json& o, Span& s) {
  const char* usage_key = "usageDetails";
  const Json* usage = field(o, usage_key);
  if (!usage || !usage->is_object() || usage->empty()) {
    usage_key = "usage";
    usage = field(o, usage_key);
  }
  if (usage && usage->is_object()) {
    s.input_tokens = count_field(*usage, "input", std::string(usage_key) + ".input");
    s.output_tokens = count_field(*usage, "output", std::string(usage_key) + ".output");
  }
  // Older exports: promptTokens/completionTokens, where 0 means "not reported".
  if (!s.input_tokens) {
    if (const auto n = count_field(o, "promptTokens", "promptTokens"); n > 0) s.input_tokens = n;
  }
  if (!s.output_tokens) {
    if (const auto n = count_field(o, "completionTokens", "completionTokens"); n > 0) s.output_tokens = n;
  }
}

// The provider as the instrumentation stated it (never guessed from a model name).
std::optional<std::string> provider_of(const Json& otel_attributes, const Json& metadata) {
  for (const char* key : {"gen_ai.provider.name", "llm.provider"}) {
    if (auto p = string_if(otel_attributes, key)) return to_lower(*p);
  }
  // The Vercel AI SDK names "<provider>.<api>" ("openai.responses") in ai.model.provider, and
  // copies it into gen_ai.system.
  if (auto p = string_if(otel_attributes, "ai.model.provider")) return to_lower(p->substr(0, p->find('.')));
  for (const char* key : {"gen_ai.system", "llm.system"}) {
    if (auto p = string_if(otel_attributes, key)) return to_lower(*p);
  }
  if (auto p = string_if(metadata, "ls_provider")) return to_lower(*p);  // LangChain callback metadata
  return std::nullopt;
}

// A Langfuse input/output with JSON held in a string (also JSON text of JSON text) opened, its
// key order kept; other strings stay strings.
Json opened_payload(const Json& raw) {
  if (!raw.is_string()) return raw;
  Json value = raw;
  for (int i = 0; i < 2 && value.is_string(); ++i) {
    const auto& text = value.get_ref<const std::string&>();
    if (!msgs::looks_like_json_container(text) && (text.empty() || text.front() != '"')) break;
    auto parsed = msgs::parse_json_text(text);
    if (!parsed) break;
    value = std::move(*parsed);
  }
  return value;
}

// One side of a generation: canonical messages, or the raw value.
struct Payload {
  std::optional<Json> messages;
  std::optional<std::string> raw;
};

// Input/output: recognised messages become canonical, and what they leave out is kept under
// `<prefix>.extra` (the body around them) / `<prefix>.unconverted` (items, fields, parts).
Payload read_payload(const Json* raw, const std::string& prefix, msgs::ChatSide side, Json& attributes) {
  Payload p;
  if (!raw || raw->is_null()) return p;
  const Json value = opened_payload(*raw);
  if (value.is_null()) return p;
  if (auto conv = msgs::recognize_messages(value, side)) {
    put_if_present(attributes, prefix + ".extra", deep_parse_json(conv->rest));
    put_if_present(attributes, prefix + ".unconverted", conv->dropped);
    p.messages = std::move(conv->messages);
    return p;
  }
  const Json plain = parse_embedded_json(*raw);
  if (!plain.is_null()) p.raw = compact(deep_parse_json(plain));
  return p;
}

// Messages the OTel attributes in the metadata carry (OpenInference llm.input_messages, GenAI
// attributes, ...): the fallback when the observation's own input/output holds no messages (Agno
// writes Python reprs there, LlamaIndex the call's arguments).
struct AttributeMessages {
  std::optional<Json> input;
  std::optional<Json> output;
};

std::optional<Json> messages_in(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  auto parsed = msgs::parse_json_text(*text);
  if (!parsed || !parsed->is_array() || parsed->empty()) return std::nullopt;
  for (const auto& m : *parsed) {
    if (!m.is_object() || !m.contains("role")) return std::nullopt;
  }
  return parsed;
}

AttributeMessages attribute_messages(const Json& otel) {
  AttributeMessages out;
  if (!otel.is_object() || otel.empty()) return out;
  OtelAttributes attributes;
  if (!flat_attributes(&otel, "metadata.attributes", attributes).empty()) return out;
  Span span;
  map_otel_messages(attributes, span);
  out.input = messages_in(span.input_json);
  out.output = messages_in(span.output_json);
  // OpenInference completion (not chat) calls: llm.prompts holds the one prompt.
  if (const Json* prompts = field(otel, "llm.prompts"); !out.input && prompts && prompts->is_string()) {
    if (auto list = msgs::parse_json_text(prompts->get_ref<const std::string&>());
        list && list->is_array() && list->size() == 1 && (*list)[0].is_string()) {
      Json m = Json::object();
      m["role"] = "user";
      m["content"] = (*list)[0];
      out.input = Json::array({std::move(m)});
    }
  }
  return out;
}

void map_payloads(const Json& o, const Json& otel, Span& s, Json& attributes) {
  Payload input = read_payload(field(o, "input"), "langfuse.input", msgs::ChatSide::input, attributes);
  Payload output = read_payload(field(o, "output"), "langfuse.output", msgs::ChatSide::output, attributes);
  if (!input.messages || !output.messages) {
    AttributeMessages fallback = attribute_messages(otel);
    if (!input.messages && fallback.input) input = {std::move(fallback.input), std::nullopt};
    if (!output.messages && fallback.output) output = {std::move(fallback.output), std::nullopt};
  }
  Json none;
  msgs::assign_tool_call_ids(input.messages ? *input.messages : none, output.messages ? *output.messages : none);
  s.input_json = input.messages ? msgs::compact_text(*input.messages) : input.raw;
  s.output_json = output.messages ? msgs::compact_text(*output.messages) : output.raw;
}

int64_t required_time(const Json& o, const char* key) {
  const Json* v = field(o, key);
  if (!v) field_error(key, "is required");
  const auto ns = time_value(*v, key);
  if (!ns) field_error(key, brief(*v) + " is not a date-time (e.g. 2025-06-06T11:31:33.965Z)");
  return *ns;
}

}  // namespace

bool is_langfuse_observation(const Json& v) {
  return v.is_object() && v.contains("id") && v.contains("startTime") && (v.contains("type") || v.contains("traceId"));
}

LangfuseTraceContext langfuse_trace_context(const Json& trace) {
  LangfuseTraceContext ctx;
  ctx.trace_id = string_if(trace, "id");
  ctx.name = string_if(trace, "name");
  ctx.session_id = string_if(trace, "sessionId");
  ctx.user_id = string_if(trace, "userId");
  ctx.environment = string_if(trace, "environment");
  for (const auto& [key, value] : trace.items()) {
    if (key == "id" || key == "name" || key == "sessionId" || key == "userId" || key == "environment" ||
        key == "observations" || key == "projectId" || key == "createdAt" || key == "updatedAt" || key == "latency" ||
        key == "totalCost" || key == "htmlPath" || key == "public" || key == "bookmarked") {
      continue;
    }
    if (key == "tags" || key == "release" || key == "version") {
      put_if_present(ctx.shared, "langfuse.trace." + key, value);
    } else if (key == "scores" && value.is_array()) {
      // Scores of the trace go on its root observations; scores of an observation on it.
      Json trace_scores = Json::array();
      for (const auto& score : value) {
        const auto observation = string_if(score, "observationId");
        if (observation) {
          ctx.scores[*observation].push_back(score);
        } else {
          trace_scores.push_back(score);
        }
      }
      put_if_present(ctx.root, "langfuse.scores", trace_scores);
    } else {
      put_if_present(ctx.root, "langfuse.trace." + key, deep_parse_json(parse_embedded_json(value)));
    }
  }
  return ctx;
}

Json langfuse_trace_as_observation(const Json& trace) {
  Json o = {{"id", trace.value("id", Json())}, {"traceId", trace.value("id", Json())}, {"type", "SPAN"}};
  for (const char* key : {"name", "input", "output", "metadata", "environment"}) {
    if (trace.contains(key)) o[key] = trace[key];
  }
  if (trace.contains("timestamp")) {
    o["startTime"] = trace["timestamp"];
    const auto start = time_value(trace["timestamp"], "timestamp");
    const Json* latency = field(trace, "latency");  // seconds
    if (start && latency && latency->is_number() && latency->get<double>() >= 0) {
      // The end as RFC 3339: a number would be read back by magnitude (seconds, ms, ...).
      const double ns = latency->get<double>() * 1e9;
      const auto end = ns < 9.2e18 ? add_time_ns(*start, static_cast<int64_t>(ns)) : std::nullopt;
      if (!end)
        field_error("latency", "the trace would end after " + format_rfc3339(kMaxTimeNs) +
                                   ", the latest time tracesift can store");
      o["endTime"] = format_rfc3339(*end);
    } else {
      o["endTime"] = trace["timestamp"];
    }
  }
  return o;
}

Span map_langfuse_observation(const Json& o, const LangfuseTraceContext* trace) {
  if (!o.is_object()) throw RecordError{"expected an observation object, got " + brief(o)};
  Span s;
  Json attributes = Json::object();

  const auto id = string_field(o, "id", "id");
  if (!id || id->empty()) field_error("id", "is required and must be a non-empty string");
  s.span_id = *id;
  auto trace_id = string_field(o, "traceId", "traceId");
  if ((!trace_id || trace_id->empty()) && trace) trace_id = trace->trace_id;
  if (!trace_id || trace_id->empty()) field_error("traceId", "is required (or the observation's trace)");
  s.trace_id = *trace_id;
  s.parent_span_id = string_field(o, "parentObservationId", "parentObservationId");
  if (s.parent_span_id && s.parent_span_id->empty()) s.parent_span_id.reset();

  const std::string type = string_field(o, "type", "type").value_or("SPAN");
  s.kind = kind_of(type);
  attributes["langfuse.type"] = type;  // SPAN, EVENT, GUARDRAIL, ... all map to custom
  s.name = string_field(o, "name", "name").value_or(to_lower(type));

  s.started_ns = required_time(o, "startTime");
  if (field(o, "endTime")) s.ended_ns = required_time(o, "endTime");
  if (!s.ended_ns && type == "EVENT") s.ended_ns = s.started_ns;  // an event is a point in time
  if (s.ended_ns && *s.ended_ns < s.started_ns) field_error("endTime", "is before startTime");

  const auto level = string_field(o, "level", "level");
  const auto status_message = string_field(o, "statusMessage", "statusMessage");
  if (level) attributes["langfuse.level"] = *level;
  if (level == "ERROR") {
    s.status = SpanStatus::failed;
    s.error = status_message && !status_message->empty() ? *status_message : "level ERROR";
  } else {
    s.status = s.ended_ns ? SpanStatus::completed : SpanStatus::running;
    if (status_message && !status_message->empty()) attributes["langfuse.statusMessage"] = *status_message;
  }

  s.model = string_if(o, "model");
  if (!s.model) s.model = string_if(o, "providedModelName");
  if (auto provided = string_if(o, "providedModelName"); provided && provided != s.model) {
    attributes["langfuse.providedModelName"] = *provided;
  }
  map_usage(o, s);
  s.cost_usd = observation_cost(o);

  // metadata: a JSON string holding the raw OTel `attributes` (kept as attributes under their own
  // names) beside resourceAttributes, scope and framework metadata (kept as langfuse.metadata).
  Json metadata = Json::object();
  Json otel = Json::object();
  Json merged = Json::object();  // OTel attributes first; the export's own fields win on a clash
  if (const Json* raw = field(o, "metadata")) {
    Json parsed = parse_embedded_json(*raw);
    if (parsed.is_object()) {
      if (const Json* a = field(parsed, "attributes"); a && a->is_object()) {
        merged = *a;
        otel = *a;
      }
      parsed.erase("attributes");
      metadata = parsed;
    }
    put_if_present(attributes, "langfuse.metadata", deep_parse_json(parsed));
  }
  s.provider = provider_of(otel, metadata);

  s.environment = string_if(o, "environment");
  if (!s.environment && trace) s.environment = trace->environment;
  if (trace) {
    s.session_id = trace->session_id;
    s.user_id = trace->user_id;
    s.task = trace->name;
  }

  map_payloads(o, otel, s, attributes);

  for (const auto& [key, value] : o.items()) {
    if (listed(kMappedFields, key) || listed(kDerivedFields, key)) continue;
    put_if_present(attributes, "langfuse." + key, value);
  }
  if (const Json* usage = field(o, "usage"); usage && usage->is_object()) {
    put_if_present(attributes, "langfuse.usage", *usage);
  }
  if (trace) {
    for (const auto& [key, value] : trace->shared.items()) attributes[key] = value;
    if (!s.parent_span_id) {
      for (const auto& [key, value] : trace->root.items()) attributes[key] = value;
    }
    if (const auto it = trace->scores.find(s.span_id); it != trace->scores.end()) {
      attributes["langfuse.scores"] = it->second;
    }
  }
  merged.update(attributes);
  s.attributes_json = compact(merged);
  return s;
}

}  // namespace tracesift::import
