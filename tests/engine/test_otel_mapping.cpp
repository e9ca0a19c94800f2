// The GenAI / OpenInference mapper on real flat attribute maps (Arize openinference-genai
// fixtures, a gemini-cli span) and on precedence rules, without the OTLP envelope.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "engine/import/otel_attributes.hpp"
#include "engine/import/otel_mapping.hpp"
#include "engine/import/otel_span_record.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_otel_mapping {

using namespace tracesift;
using namespace tracesift::import;
using nlohmann::json;

namespace {

json read_fixture(const std::string& relative) {
  std::ifstream in(std::string(TRACESIFT_FIXTURES_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return json::parse(buffer.str());
}

// Maps a flat attribute map as a span's attributes; `flat` must outlive the call.
Span map_flat(const json& flat, OtelSpanStatus status = {}) {
  OtelAttributes attributes;
  const tracesift::Json source = flat;  // the reader's JSON type (keys in source order)
  REQUIRE(flat_attributes(&source, "attributes", attributes).empty());
  Span span;
  finish_otel_span(attributes, nullptr, {status, {}, {}, {}, {}, {}}, span);
  return span;
}

json attrs(const Span& s) {
  return json::parse(s.attributes_json);
}

// The messages of the Arize fixtures' call, in the canonical form.
const json kToolCallInput = json::parse(R"([
  {"role":"user","content":"Weather in Paris?"},
  {"role":"assistant","content":"Absolutely! Let me check the weather for you.",
   "tool_calls":[{"id":"1234","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris\"}"}}]},
  {"role":"tool","content":"rainy, 57°F","tool_call_id":"1234"}])");
const json kToolCallOutput = json::parse(R"([
  {"role":"assistant","content":"The weather in Paris is currently rainy with a temperature of 57°F."}])");

}  // namespace

TEST_CASE("otel mapping: current GenAI attributes with tool calls", "[otel]") {
  const json flat = read_fixture("openinference-genai/otel_genai_client_span_tool_calls.json");
  const Span s = map_flat(flat);
  CHECK(s.provider == std::optional<std::string>("openai"));
  CHECK(s.model == std::optional<std::string>("gpt-4-0613"));  // the response model wins
  CHECK(s.kind == SpanKind::llm_call);                         // gen_ai.operation.name chat
  CHECK(s.input_tokens == std::optional<int64_t>(97));
  CHECK(s.output_tokens == std::optional<int64_t>(52));
  CHECK_FALSE(s.cost_usd);
  REQUIRE(s.input_json);
  CHECK(json::parse(*s.input_json) == kToolCallInput);
  REQUIRE(s.output_json);
  CHECK(json::parse(*s.output_json) == kToolCallOutput);
  CHECK(s.status == SpanStatus::running);  // no times here: the reader decides
  const json a = attrs(s);
  CHECK(a["gen_ai.request.model"] == "gpt-4");  // differs from the model: kept
  CHECK(a["gen_ai.operation.name"] == "chat");
  CHECK(a["gen_ai.response.finish_reasons"] == json::array({"stop"}));
  CHECK(a["gen_ai.request.temperature"] == 0.5);
  CHECK(a.contains("input"));  // not a convention: kept as given
  for (const char* gone : {"gen_ai.provider.name", "gen_ai.response.model", "gen_ai.usage.input_tokens",
                           "gen_ai.usage.output_tokens", "gen_ai.input.messages", "gen_ai.output.messages"}) {
    CHECK_FALSE(a.contains(gone));
  }
}

TEST_CASE("otel mapping: deprecated gen_ai.prompt / gen_ai.completion JSON strings", "[otel]") {
  const json flat = read_fixture("openinference-genai/otel_genai_deprecated_client_span_tool_calls.json");
  const Span s = map_flat(flat);
  CHECK(s.model == std::optional<std::string>("gpt-4-0613"));
  CHECK(s.provider == std::optional<std::string>("openai"));
  CHECK(s.input_tokens == std::optional<int64_t>(97));
  CHECK(s.output_tokens == std::optional<int64_t>(52));
  CHECK(json::parse(*s.input_json) == kToolCallInput);
  // {"text", "finish_reason"} is not a message: the raw value is kept.
  CHECK(json::parse(*s.output_json) ==
        json::parse(R"({"text":"The weather in Paris is currently rainy with a temperature of 57°F.",
                        "finish_reason":"stop"})"));
  const json a = attrs(s);
  CHECK_FALSE(a.contains("gen_ai.prompt"));
  CHECK_FALSE(a.contains("gen_ai.completion"));
}

TEST_CASE("otel mapping: OpenInference attributes give the same span", "[otel]") {
  const json flat = read_fixture("openinference-genai/openinference_client_span_tool_calls.json");
  const Span s = map_flat(flat);
  CHECK(s.kind == SpanKind::llm_call);
  CHECK(s.model == std::optional<std::string>("gpt-4-0613"));
  CHECK(s.provider == std::optional<std::string>("openai"));
  CHECK(s.input_tokens == std::optional<int64_t>(97));
  CHECK(s.output_tokens == std::optional<int64_t>(52));
  CHECK(json::parse(*s.input_json) == kToolCallInput);
  CHECK(json::parse(*s.output_json) == kToolCallOutput);
  const json a = attrs(s);
  for (const auto& [key, value] : a.items()) {
    INFO(key);
    CHECK(key.rfind("llm.input_messages.", 0) != 0);
    CHECK(key.rfind("llm.output_messages.", 0) != 0);
  }
  CHECK_FALSE(a.contains("llm.token_count.total"));  // 149 = 97 + 52
  CHECK_FALSE(a.contains("llm.system"));             // "openai", as the provider
  CHECK(a["openinference.span.kind"] == "LLM");
  CHECK(a.contains("input.value"));  // holds the request parameters too: kept
  CHECK(a.contains("output.value"));
  CHECK(a.contains("llm.invocation_parameters"));

  // The converter's expected output for the deprecated file: input.value holds parts messages.
  const json io_only = read_fixture("openinference-genai/openinference_client_span_input_output_only.json");
  const Span io = map_flat(io_only);
  CHECK(io.model == std::optional<std::string>("gpt-4-0613"));
  CHECK(json::parse(*io.input_json) == kToolCallInput);
  CHECK(json::parse(*io.output_json)["finish_reason"] == "stop");
  CHECK_FALSE(attrs(io).contains("output.value"));
  CHECK_FALSE(attrs(io).contains("output.mime_type"));
}

TEST_CASE("otel mapping: a GenAI tool execution span", "[otel]") {
  const json flat = read_fixture("openinference-genai/otel_genai_tool_execution_span.json");
  const Span s = map_flat(flat);
  CHECK(s.kind == SpanKind::tool);
  CHECK_FALSE(s.model);
  CHECK_FALSE(s.input_json);
  const json a = attrs(s);
  CHECK(a["gen_ai.tool.name"] == "get_weather");
  CHECK(a["gen_ai.tool.call.id"] == "1234");
}

TEST_CASE("otel mapping: gemini-cli span with system instructions and Gemini parts", "[otel]") {
  const json fixture = read_fixture("langwatch-coding-agent-spans/gemini-B.llm_call.json");
  const Span s = map_flat(fixture["attributes"]);
  CHECK(s.model == std::optional<std::string>("gemini-3.1-flash-lite"));
  CHECK(s.kind == SpanKind::llm_call);
  CHECK(s.input_tokens == std::optional<int64_t>(767));
  CHECK(s.output_tokens == std::optional<int64_t>(30));
  CHECK(s.session_id == std::optional<std::string>("945bd8d5-0657-4385-a99e-30240bfd2e00"));
  const json input = json::parse(*s.input_json);
  REQUIRE(input.size() == 3);
  CHECK(input[0]["role"] == "system");
  CHECK(input[0]["content"].get<std::string>().rfind("\nYou are a specialized Task Routing AI.", 0) == 0);
  CHECK(input[1]["role"] == "user");
  CHECK(input[1]["content"].get<std::string>().rfind("<session_context>", 0) == 0);
  CHECK(input[2] == json::parse(R"({"role":"user",
      "content":"Turn 1: reply with exactly the line PONG-GEMINI-B1 and nothing else."})"));
  const json output = json::parse(*s.output_json);
  REQUIRE(output.size() == 1);
  CHECK(output[0]["role"] == "assistant");  // Gemini's "model"
  // A thought part is a reasoning part; the signed text part is text (its signature, an opaque
  // blob, stays in the attribute, which is therefore kept).
  REQUIRE(output[0]["content"].is_array());
  REQUIRE(output[0]["content"].size() == 2);
  CHECK(output[0]["content"][0]["type"] == "reasoning");
  CHECK(output[0]["content"][1].size() == 2);
  CHECK(output[0]["content"][1]["text"].get<std::string>().find("\"complexity_score\": 5") != std::string::npos);
  const json a = attrs(s);
  CHECK(a["gen_ai.operation.name"] == "llm_call");
  CHECK(a["gen_ai.agent.name"] == "gemini-cli");
  CHECK(a["gen_ai.prompt.name"] == "945bd8d5-0657-4385-a99e-30240bfd2e00########0");  // not gen_ai.prompt.N
  for (const char* gone :
       {"gen_ai.request.model", "gen_ai.input.messages", "gen_ai.system_instructions", "gen_ai.conversation.id"}) {
    CHECK_FALSE(a.contains(gone));
  }
  CHECK(a.contains("gen_ai.output.messages"));  // holds the thought signatures
}

TEST_CASE("otel mapping: precedence of kinds, models, tokens, cost", "[otel]") {
  SECTION("openinference.span.kind decides the kind") {
    for (const auto& [kind, expected] :
         std::vector<std::pair<std::string, SpanKind>>{{"LLM", SpanKind::llm_call},
                                                       {"TOOL", SpanKind::tool},
                                                       {"RETRIEVER", SpanKind::retrieval},
                                                       {"RERANKER", SpanKind::retrieval},
                                                       {"EMBEDDING", SpanKind::embedding},
                                                       {"AGENT", SpanKind::agent},
                                                       {"CHAIN", SpanKind::chain},
                                                       {"GUARDRAIL", SpanKind::custom}}) {
      const json flat = {{"openinference.span.kind", kind}, {"gen_ai.operation.name", "chat"}};
      CHECK(map_flat(flat).kind == expected);
    }
  }
  SECTION("gen_ai.operation.name, then a model") {
    for (const auto& [op, expected] :
         std::vector<std::pair<std::string, SpanKind>>{{"chat", SpanKind::llm_call},
                                                       {"text_completion", SpanKind::llm_call},
                                                       {"generate_content", SpanKind::llm_call},
                                                       {"embeddings", SpanKind::embedding},
                                                       {"execute_tool", SpanKind::tool},
                                                       {"invoke_agent", SpanKind::agent},
                                                       {"create_agent", SpanKind::agent}}) {
      CHECK(map_flat(json{{"gen_ai.operation.name", op}}).kind == expected);
    }
    CHECK(map_flat(json{{"gen_ai.operation.name", "something"}}).kind == SpanKind::custom);
    CHECK(map_flat(json{{"llm.model_name", "m"}}).kind == SpanKind::llm_call);
    CHECK(map_flat(json{{"gen_ai.tool.name", "get_weather"}, {"gen_ai.tool.call.id", "c1"}}).kind == SpanKind::tool);
  }
  SECTION("models: response > llm.model_name > request > Vercel; equal values are consumed") {
    const json flat = {{"llm.model_name", "a"}, {"gen_ai.request.model", "a"}, {"ai.model.id", "b"}};
    const Span s = map_flat(flat);
    CHECK(s.model == std::optional<std::string>("a"));
    CHECK(attrs(s) == json{{"ai.model.id", "b"}});
  }
  SECTION("tokens: numeric strings; current names win over older ones") {
    const json flat = {{"gen_ai.usage.prompt_tokens", "15"},
                       {"gen_ai.usage.input_tokens", 16},
                       {"llm.token_count.completion", "7"},
                       {"gen_ai.usage.output_tokens", "x"}};
    const Span s = map_flat(flat);
    CHECK(s.input_tokens == std::optional<int64_t>(16));
    CHECK(s.output_tokens == std::optional<int64_t>(7));
    const json a = attrs(s);
    CHECK(a["gen_ai.usage.prompt_tokens"] == "15");  // a different count: kept
    CHECK(a["gen_ai.usage.output_tokens"] == "x");
    CHECK_FALSE(a.contains("llm.token_count.completion"));
  }
  SECTION("cost comes from the source only") {
    CHECK(map_flat(json{{"llm.cost.total", 0.000151}}).cost_usd == std::optional<double>(0.000151));
    CHECK(map_flat(json{{"gen_ai.usage.cost", "0.5"}}).cost_usd == std::optional<double>(0.5));
    CHECK(map_flat(json{{"tracesift.cost_usd", 2.0}, {"llm.cost.total", 1.0}}).cost_usd == std::optional<double>(2.0));
    CHECK_FALSE(map_flat(json{{"llm.cost.total", -1}}).cost_usd);
    CHECK_FALSE(map_flat(json{{"gen_ai.request.model", "gpt-4o"}, {"gen_ai.usage.input_tokens", 1000}}).cost_usd);
  }
  SECTION("providers: current > older > OpenInference, lower-cased") {
    CHECK(map_flat(json{{"gen_ai.system", "Anthropic"}, {"llm.provider", "x"}}).provider ==
          std::optional<std::string>("anthropic"));
    CHECK(map_flat(json{{"gen_ai.provider.name", "aws.bedrock"}}).provider ==
          std::optional<std::string>("aws.bedrock"));
    CHECK(map_flat(json{{"llm.system", "openai"}}).provider == std::optional<std::string>("openai"));
  }
  SECTION("session and user") {
    const Span s = map_flat(json{{"session.id", "s1"}, {"gen_ai.conversation.id", "c1"}, {"enduser.id", "e1"}});
    CHECK(s.session_id == std::optional<std::string>("c1"));
    CHECK(s.user_id == std::optional<std::string>("e1"));
    CHECK(attrs(s) == json{{"session.id", "s1"}});
  }
  SECTION("errors: the status message, else error.type") {
    OtelSpanStatus failed;
    failed.failed = true;
    CHECK(map_flat(json{{"error.type", "timeout"}}, failed).error == std::optional<std::string>("timeout"));
    CHECK(map_flat(json{{"error.type", "timeout"}}, failed).status == SpanStatus::failed);
    CHECK_FALSE(map_flat(json{{"error.type", "timeout"}}).error);
  }
}

}  // namespace test_otel_mapping
