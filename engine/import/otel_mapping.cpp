// The OpenTelemetry GenAI, OpenInference and Vercel AI SDK span attributes -> the span record.
#include "otel_mapping.hpp"

#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <optional>

#include "../messages/messages.hpp"
#include "json_fields.hpp"
#include "otel_messages.hpp"

namespace tracesift::import {

using messages::append_chat_messages;
using messages::ChatMessages;
using messages::ChatSide;
using messages::looks_like_json_container;
using messages::system_message;

namespace {

using Keys = std::initializer_list<std::string_view>;

// The first key of `keys` holding a non-empty string, and its value.
std::pair<std::string_view, const std::string*> pick_string(const OtelAttributes& attributes, Keys keys) {
  for (const auto k : keys) {
    if (const std::string* s = attributes.get_string(k)) return {k, s};
  }
  return {{}, nullptr};
}

// Marks consumed each of `keys` whose value is the string `value`: the span holds it in full.
void consume_equal(OtelAttributes& attributes, Keys keys, std::string_view value) {
  for (const auto k : keys) {
    const std::string* s = attributes.get_string(k);
    if (s && *s == value) attributes.consume(k);
  }
}

// A cost in US dollars: a finite number >= 0, or a decimal string of one.
std::optional<double> parse_cost(const Json& v) {
  double d = 0;
  if (v.is_number()) {
    d = v.get<double>();
  } else if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    char* end = nullptr;
    d = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size()) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (!std::isfinite(d) || d < 0) return std::nullopt;
  return d;
}

// The first of `keys` with a valid count; every key with that same count is consumed.
std::optional<int64_t> map_count(OtelAttributes& attributes, Keys keys) {
  std::optional<int64_t> count;
  for (const auto k : keys) {
    const Json* v = attributes.get(k);
    if (!v) continue;
    if (const auto n = count_value(*v)) {
      count = n;
      break;
    }
  }
  if (!count) return std::nullopt;
  for (const auto k : keys) {
    const Json* v = attributes.get(k);
    if (v && count_value(*v) == count) attributes.consume(k);
  }
  return count;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

SpanKind kind_from_openinference(std::string_view kind) {
  const std::string k = lower(kind);
  if (k == "llm") return SpanKind::llm_call;
  if (k == "tool") return SpanKind::tool;
  if (k == "retriever" || k == "reranker") return SpanKind::retrieval;
  if (k == "embedding") return SpanKind::embedding;
  if (k == "agent") return SpanKind::agent;
  if (k == "chain") return SpanKind::chain;
  return SpanKind::custom;  // GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN, ...
}

std::optional<SpanKind> kind_from_operation(std::string_view op) {
  if (op == "chat" || op == "text_completion" || op == "generate_content") return SpanKind::llm_call;
  if (op == "embeddings") return SpanKind::embedding;
  if (op == "execute_tool") return SpanKind::tool;
  if (op == "invoke_agent" || op == "create_agent") return SpanKind::agent;
  return std::nullopt;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Vercel AI SDK operation ids ("ai.generateText.doGenerate", "ai.toolCall", ...).
std::optional<SpanKind> kind_from_vercel(std::string_view op) {
  if (ends_with(op, ".doGenerate") || ends_with(op, ".doStream")) return SpanKind::llm_call;
  if (ends_with(op, ".doEmbed")) return SpanKind::embedding;
  if (op == "ai.toolCall") return SpanKind::tool;
  if (op == "ai.generateText" || op == "ai.streamText" || op == "ai.generateObject" || op == "ai.streamObject") {
    return SpanKind::agent;  // the SDK call around the model calls and tool calls of its steps
  }
  if (op == "ai.embed" || op == "ai.embedMany") return SpanKind::chain;
  return std::nullopt;
}

SpanKind map_kind(const OtelAttributes& attributes, bool has_model) {
  if (const std::string* k = attributes.get_string("openinference.span.kind")) return kind_from_openinference(*k);
  if (const std::string* op = attributes.get_string("gen_ai.operation.name")) {
    if (const auto kind = kind_from_operation(*op)) return *kind;
  }
  if (const std::string* op = attributes.get_string("ai.operationId")) {
    if (const auto kind = kind_from_vercel(*op)) return *kind;
  }
  // The Vercel AI SDK's operation.name is "<operation id> <function id>" ("ai.embed.doEmbed my-fn"),
  // present even where ai.operationId is not.
  if (const std::string* name = attributes.get_string("operation.name"); name && name->rfind("ai.", 0) == 0) {
    if (const auto kind = kind_from_vercel(std::string_view(*name).substr(0, name->find(' ')))) return *kind;
  }
  if (has_model) return SpanKind::llm_call;
  // pydantic-ai and others name the tool of an execute_tool span without the operation name.
  if (attributes.get_string("gen_ai.tool.name")) return SpanKind::tool;
  return SpanKind::custom;
}

void map_model(OtelAttributes& attributes, Span& span) {
  const Keys kModelKeys{"gen_ai.response.model", "llm.model_name", "gen_ai.request.model", "ai.response.model",
                        "ai.model.id"};
  const auto [key, model] = pick_string(attributes, kModelKeys);
  if (!model) return;
  span.model = *model;
  consume_equal(attributes, kModelKeys, *span.model);
}

void map_provider(OtelAttributes& attributes, Span& span) {
  const Keys kProviderKeys{"gen_ai.provider.name", "gen_ai.system", "llm.provider", "llm.system", "ai.model.provider"};
  const auto [key, provider] = pick_string(attributes, kProviderKeys);
  if (!provider) return;
  std::string p = lower(*provider);
  // The Vercel AI SDK names providers "<provider>.<api>" ("openai.responses", "openai.embedding")
  // and copies that into gen_ai.system; the provider is the first part.
  const std::string* vercel = attributes.get_string("ai.model.provider");
  if (vercel && *vercel == *provider) p = p.substr(0, p.find('.'));
  span.provider = std::move(p);
  consume_equal(attributes, kProviderKeys, *span.provider);
}

void map_cost(OtelAttributes& attributes, Span& span) {
  for (const auto k : {"tracesift.cost_usd", "llm.cost.total", "gen_ai.usage.cost"}) {
    const Json* v = attributes.get(k);
    if (!v) continue;
    if (const auto cost = parse_cost(*v)) {
      span.cost_usd = cost;
      attributes.consume(k);
      return;
    }
  }
}

// The count member `a` or `b` of `object`, or nullopt.
std::optional<int64_t> usage_count(const Json& object, const char* a, const char* b) {
  for (const char* k : {a, b}) {
    const auto it = object.find(k);
    if (it == object.end()) continue;
    if (const auto n = count_value(*it)) return n;
  }
  return std::nullopt;
}

// Token counts of a provider response body held in output.value (OpenInference): an OpenAI chat
// completion or Anthropic message ({"usage": {prompt_tokens | input_tokens, completion_tokens |
// output_tokens}}) or a Gemini response ({"usageMetadata" | "usage_metadata": {promptTokenCount,
// candidatesTokenCount}}). The body stays where it is; only counts no attribute gave are set.
void map_body_tokens(const OtelAttributes& attributes, Span& span) {
  const Json* value = attributes.get("output.value");
  if (!value || !value->is_string()) return;
  const std::string& text = value->get_ref<const std::string&>();
  // Design note: most output.value texts are not bodies with usage; they are not parsed again.
  if (text.find("sage") == std::string::npos || !looks_like_json_container(text)) return;
  const auto body = attribute_json_text(text);
  if (!body || !body->is_object()) return;
  std::optional<int64_t> in, out;
  if (const auto u = body->find("usage"); u != body->end() && u->is_object()) {
    in = usage_count(*u, "prompt_tokens", "input_tokens");
    out = usage_count(*u, "completion_tokens", "output_tokens");
  } else {
    auto m = body->find("usageMetadata");
    if (m == body->end()) m = body->find("usage_metadata");
    if (m != body->end() && m->is_object()) {
      in = usage_count(*m, "promptTokenCount", "prompt_token_count");
      out = usage_count(*m, "candidatesTokenCount", "candidates_token_count");
    }
  }
  if (!span.input_tokens) span.input_tokens = in;
  if (!span.output_tokens) span.output_tokens = out;
}

void map_tokens(OtelAttributes& attributes, Span& span) {
  span.input_tokens =
      map_count(attributes, {"gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.token_count.prompt"});
  span.output_tokens = map_count(
      attributes, {"gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", "llm.token_count.completion"});
  // Vercel AI SDK embedding calls count their input in ai.usage.tokens (the ai.embed span around
  // them repeats it, so only the model call's is read).
  if (!span.input_tokens && span.kind == SpanKind::embedding)
    span.input_tokens = map_count(attributes, {"ai.usage.tokens"});
  if (!span.input_tokens && !span.output_tokens) map_body_tokens(attributes, span);
  if (!span.input_tokens || !span.output_tokens) return;
  // A total equal to input + output is what docs/CONTRACT.md's total is: nothing left to keep.
  const int64_t total = *span.input_tokens + *span.output_tokens;
  for (const auto k : {"llm.token_count.total", "gen_ai.usage.total_tokens", "llm.usage.total_tokens"}) {
    const Json* v = attributes.get(k);
    if (v && count_value(*v) == total) attributes.consume(k);
  }
}

// A string field from the first of `keys`, consuming every key equal to it.
std::optional<std::string> map_string(OtelAttributes& attributes, Keys keys) {
  const auto [key, value] = pick_string(attributes, keys);
  if (!value) return std::nullopt;
  std::string out = *value;
  consume_equal(attributes, keys, out);
  return out;
}

unsigned map_environment_and_task(OtelAttributes& attributes, const OtelAttributes* resource, Span& span) {
  unsigned used = 0;
  span.environment = map_string(attributes, {"deployment.environment.name", "deployment.environment"});
  if (!span.environment && resource) {
    if (const std::string* env = resource->get_string(kOtelResourceUseKeys[0])) {
      span.environment = *env;
      used |= kResourceEnvironmentName;
    } else if (const std::string* old_env = resource->get_string(kOtelResourceUseKeys[1])) {
      span.environment = *old_env;
      used |= kResourceEnvironment;
    }
  }
  span.task = map_string(attributes, {"tracesift.task"});
  if (!span.task && resource) {
    // "unknown_service[:process]" is what SDKs report when no service name was configured.
    const std::string* service = resource->get_string(kOtelResourceUseKeys[2]);
    if (service && service->rfind("unknown_service", 0) != 0) {
      span.task = *service;
      used |= kResourceServiceName;
    }
  }
  return used;
}

void map_error(OtelAttributes& attributes, const OtelSpanStatus& status, Span& span) {
  if (!status.failed) return;
  if (!status.message.empty()) {
    span.error = std::string(status.message);
  } else if (const std::string* type = attributes.get_string("error.type")) {
    span.error = *type;  // error.type stays an attribute: it is a class to filter on, not only text
  } else if (!status.exception_message.empty()) {
    span.error = std::string(status.exception_message);
  }
}

}  // namespace

unsigned map_otel_span(OtelAttributes& attributes, const OtelAttributes* resource, const OtelSpanStatus& status,
                       Span& span, OtelEventMessages* events) {
  map_model(attributes, span);
  map_provider(attributes, span);
  span.kind = map_kind(attributes, span.model.has_value());
  map_tokens(attributes, span);
  map_cost(attributes, span);
  span.session_id = map_string(attributes, {"gen_ai.conversation.id", "session.id"});
  span.user_id = map_string(attributes, {"user.id", "enduser.id"});
  const unsigned used = map_environment_and_task(attributes, resource, span);
  map_error(attributes, status, span);
  map_otel_messages(attributes, span, events);
  return used;
}

}  // namespace tracesift::import
