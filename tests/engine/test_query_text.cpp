// The query-string form of the filter: parsing, semantics against a real database, error positions.
#include <catch2/catch.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "engine/query/query_text.hpp"
#include "engine/timestamp.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_query_text {

using namespace tracesift;
using nlohmann::json;

namespace {

const int64_t kNow = *parse_rfc3339("2025-06-01T00:00:00Z");

Filter q(std::string_view text) {
  return parse_query_text(text, kNow);
}

/// One native JSONL line: a completed llm_call named `name` with the given extra fields merged in.
std::string span(const std::string& id, const std::string& name, const json& extra = json::object()) {
  json j = {{"span_id", id},
            {"trace_id", "t-" + id},
            {"name", name},
            {"kind", "llm_call"},
            {"status", "completed"},
            {"started_at", "2025-05-01T12:00:00Z"},
            {"ended_at", "2025-05-01T12:00:01Z"}};
  j.update(extra);
  for (auto it = j.begin(); it != j.end();) it = it->is_null() ? j.erase(it) : std::next(it);
  return j.dump() + "\n";
}

void import_all(Engine& engine, const std::string& text) {
  auto session = engine.begin_import({.file_name = "spans.jsonl", .batch_size = 4});
  session->feed(text);
  const auto report = session->finish();
  REQUIRE(report.errors.empty());
}

int64_t count(Engine& engine, std::string_view query) {
  return engine.count(q(query));
}

/// The error a query raises (code checked), or a default Error when it is accepted.
Error error_of(std::string_view text) {
  try {
    q(text);
  } catch (const Error& e) {
    CHECK(e.code() == Errc::invalid_filter);
    return e;
  }
  return Error(Errc::internal, "<accepted>");
}

}  // namespace

TEST_CASE("the SPEC example parses to the expected filter", "[query]") {
  const Filter f = q(R"(model:gpt-4o provider:openai cost>0.01 tokens>=1000 -status:failed name:"summarize" since:7d)");
  CHECK(f.model == "gpt-4o");
  CHECK(f.provider == "openai");
  CHECK(f.min_cost == Bound<double>{0.01, false});
  CHECK_FALSE(f.max_cost);
  CHECK(f.min_tokens == Bound<int64_t>{1000, true});
  CHECK(f.negations == std::vector<Negation>{{NegatableKey::status, "failed"}});
  CHECK_FALSE(f.status);
  CHECK(f.name_terms == std::vector<std::string>{"summarize"});
  CHECK(f.since_ns == kNow - 7LL * 86400 * 1'000'000'000);
  CHECK_FALSE(f.until_ns);
}

TEST_CASE("empty and blank queries are the empty filter", "[query]") {
  CHECK(q("") == Filter{});
  CHECK(q("  \t\n ") == Filter{});
}

TEST_CASE("keys are case-insensitive, aliases map to their column, values keep their case", "[query]") {
  const Filter f = q("MODEL:GPT-4o Env:prod session:s1 trace:t1 user:u1 task:T kind:tool status:successful");
  CHECK(f.model == "GPT-4o");
  CHECK(f.environment == "prod");
  CHECK(f.session_id == "s1");
  CHECK(f.trace_id == "t1");
  CHECK(f.user_id == "u1");
  CHECK(f.task == "T");
  CHECK(f.kind == SpanKind::tool);
  CHECK(f.status == SpanStatus::completed);
  CHECK(q("environment:prod session_id:s1 trace_id:t1 user_id:u1") == q("env:prod session:s1 trace:t1 user:u1"));
  CHECK(q("until:2025-01-01T00:00:00Z").until_ns == parse_rfc3339("2025-01-01T00:00:00Z"));
}

TEST_CASE("the query form and the JSON form build the same filter", "[query]") {
  const Filter from_json = parse_filter_text(
      R"({"model":"m","kind":"agent","min_cost":0.5,"max_tokens":10,"min_duration_ms":1500,"name_contains":"x"})",
      kNow);
  CHECK(q("model:m kind:agent cost>=0.5 tokens<=10 duration>=1.5s x") == from_json);
}

TEST_CASE("quoted values keep spaces and escapes", "[query]") {
  CHECK(q(R"(name:"summarize the doc")").name_terms == std::vector<std::string>{"summarize the doc"});
  CHECK(q(R"("say \"hi\"" "back\\slash")").name_terms == std::vector<std::string>{R"(say "hi")", R"(back\slash)"});
  CHECK(q(R"(model:"my model")").model == "my model");
  CHECK(q(R"(-"not this")").negations == std::vector<Negation>{{NegatableKey::name, "not this"}});
  CHECK(q(R"(-model:"a b")").negations == std::vector<Negation>{{NegatableKey::model, "a b"}});
}

TEST_CASE("bare words, name: and negated words", "[query]") {
  const Filter f = q("summarize name:doc -draft - gpt-4o");
  CHECK(f.name_terms == std::vector<std::string>{"summarize", "doc", "-", "gpt-4o"});
  CHECK(f.negations == std::vector<Negation>{{NegatableKey::name, "draft"}});
  CHECK(q("-name:x").negations == std::vector<Negation>{{NegatableKey::name, "x"}});
  CHECK(q("-kind:tool -status:successful").negations ==
        std::vector<Negation>{{NegatableKey::kind, "tool"}, {NegatableKey::status, "completed"}});
  CHECK(q("-model:a -model:b").negations.size() == 2);  // several negations of one key are fine
}

TEST_CASE("duration units", "[query]") {
  CHECK(q("duration>500ms").min_duration_ms == Bound<double>{500, false});
  CHECK(q("duration>=2s").min_duration_ms == Bound<double>{2000, true});
  CHECK(q("duration<1.5s").max_duration_ms == Bound<double>{1500, false});
  CHECK(q("duration<=3m").max_duration_ms == Bound<double>{180'000, true});
  CHECK(q("duration>1h").min_duration_ms == Bound<double>{3'600'000, false});
  CHECK(q("duration>250").min_duration_ms == Bound<double>{250, false});
}

TEST_CASE("comparison operators are inclusive or strict at the boundary", "[query]") {
  Engine engine(":memory:");
  import_all(engine, span("lo", "a", {{"cost_usd", 0.01}, {"input_tokens", 600}, {"output_tokens", 400}}) +
                         span("hi", "b", {{"cost_usd", 0.02}, {"input_tokens", 1000}, {"output_tokens", 1}}) +
                         span("zero", "c", {{"cost_usd", 0.0}}) +
                         span("fast", "d", {{"ended_at", "2025-05-01T12:00:00.500Z"}}) +
                         span("open", "e", {{"status", "running"}, {"ended_at", nullptr}}));
  // cost: 0.01, 0.02, 0 (and two spans without a cost, which no bound matches)
  CHECK(count(engine, "cost>0.01") == 1);
  CHECK(count(engine, "cost>=0.01") == 2);
  CHECK(count(engine, "cost<0.01") == 1);
  CHECK(count(engine, "cost<=0.01") == 2);
  CHECK(count(engine, "cost>=0.01 cost<=0.01") == 1);
  // tokens: 1000, 1001, then 0 for the three spans without tokens
  CHECK(count(engine, "tokens>1000") == 1);
  CHECK(count(engine, "tokens>=1000") == 2);
  CHECK(count(engine, "tokens<1000") == 3);
  CHECK(count(engine, "tokens<=1000") == 4);
  // duration: four ended spans (1 s, 1 s, 1 s, 500 ms); the running span never matches
  CHECK(count(engine, "duration>1s") == 0);
  CHECK(count(engine, "duration>=1s") == 3);
  CHECK(count(engine, "duration<1s") == 1);
  CHECK(count(engine, "duration<=1000") == 4);
  CHECK(count(engine, "duration>=500ms") == 4);
  CHECK(count(engine, "duration>499ms duration<501ms") == 1);
  CHECK(count(engine, "duration>=0") == 4);
}

TEST_CASE("negation keeps spans whose column is NULL", "[query]") {
  Engine engine(":memory:");
  import_all(engine, span("a", "summarize doc", {{"model", "gpt-4o"}}) + span("b", "summarize", {{"model", "claude"}}) +
                         span("c", "embed doc") + span("d", "tool call", {{"kind", "tool"}, {"status", "failed"}}));
  CHECK(count(engine, "-model:gpt-4o") == 3);
  CHECK(count(engine, "-model:gpt-4o -model:claude") == 2);
  CHECK(count(engine, "model:gpt-4o") == 1);
  CHECK(count(engine, "-status:failed") == 3);
  CHECK(count(engine, "-kind:llm_call") == 1);
  CHECK(count(engine, "-summarize") == 2);
  CHECK(count(engine, "-name:doc") == 2);
}

TEST_CASE("bare words AND together", "[query]") {
  Engine engine(":memory:");
  import_all(engine,
             span("a", "summarize doc") + span("b", "summarize") + span("c", "embed doc") + span("d", "Summarize DOC"));
  CHECK(count(engine, "summarize") == 2);
  CHECK(count(engine, "summarize doc") == 1);
  CHECK(count(engine, "doc summarize") == 1);
  CHECK(count(engine, R"("summarize doc")") == 1);
  CHECK(count(engine, R"("doc summarize")") == 0);
  CHECK(count(engine, "summarize -doc") == 1);
  CHECK(count(engine, "DOC") == 1);  // case-sensitive
}

TEST_CASE("values are bound, never spliced into the SQL", "[query]") {
  const Filter f =
      q(R"(model:VAL_model provider:VAL_prov env:VAL_env task:VAL_task session:VAL_sess trace:VAL_trace user:VAL_user )"
        R"(cost>0.0123 cost<=98.76 tokens>=4321 tokens<8765 duration>1234ms duration<=5678s VAL_word )"
        R"("VAL quoted" -model:VAL_neg -VAL_negword -env:VAL_negenv since:7d until:2025-05-31T00:00:00Z)");
  const SqlWhere w = compile_where(f);
  CHECK(w.sql.find("VAL") == std::string::npos);
  for (const char* number : {"0.0123", "98.76", "4321", "8765", "1234", "5678", "2025"})
    CHECK(w.sql.find(number) == std::string::npos);
  CHECK(w.params.size() == 20);
  CHECK(std::count(w.sql.begin(), w.sql.end(), '?') == 20);
  CHECK_THAT(w.sql, Catch::Contains("(model IS NULL OR model <> ?)"));
  CHECK_THAT(w.sql, Catch::Contains("cost_usd > ?"));
  CHECK_THAT(w.sql, Catch::Contains("cost_usd <= ?"));
}

TEST_CASE("errors point at the character where parsing failed", "[query]") {
  struct Case {
    const char* text;
    int64_t position;
    const char* field;
    const char* message_part;
  };
  const Case cases[] = {
      {"modle:x", 1, "modle", "unknown key 'modle'"},
      {"model:x  Foo>3", 10, "foo", "unknown key 'Foo'"},
      {"cost>abc", 6, "cost", "expected a number after 'cost>'"},
      {"cost>nan", 6, "cost", "expected a number after 'cost>'"},
      {"cost>", 6, "cost", "expected a number after 'cost>'"},
      {"cost>-1", 6, "cost", "must be a finite number"},
      {R"(model:x name:"abc)", 14, "name", "unterminated quote starting"},
      {R"(model:x "abc\)", 9, "name", "unterminated quote starting"},
      {R"("a\qb")", 3, "name", "unknown escape"},
      {R"(name:"a"b)", 9, "name", "expected a space after the closing quote"},
      {R"(foo"bar)", 4, "name", "unexpected '\"'"},
      {R"(model:x"y)", 8, "model", "unexpected '\"'"},
      {":x", 1, "", "expected a key before ':'"},
      {"model:", 7, "model", "expected a value after 'model:'"},
      {R"(model:"")", 7, "model", "must not be empty"},
      {R"("")", 1, "name", "must not be empty"},
      {"kind:robot", 6, "kind", "unknown kind 'robot'"},
      {"status:done", 8, "status", "unknown status 'done'"},
      {"-status:done", 9, "status", "unknown status 'done'"},
      {"cost>1 cost<0.5", 8, "cost", "no possible value"},
      {"cost>1 cost<1", 8, "cost", "no possible value"},
      {"tokens>=10 tokens<5", 12, "tokens", "no possible value"},
      {"duration>2s duration<=1s", 13, "duration", "no possible value"},
      {"model:a model:b", 9, "model", "given twice"},
      {"session:a session_id:b", 11, "session_id", "given twice"},
      {"since:1d since:2d", 10, "since", "given twice"},
      {"cost>1 cost>=2", 8, "cost", "lower bound of 'cost' given twice"},
      {"tokens>1.5", 8, "tokens", "expected a whole number after 'tokens>'"},
      {"tokens>-5", 8, "tokens", "must be >= 0"},
      {"tokens>99999999999999999999", 8, "tokens", "must be at most 9007199254740991"},
      {"duration>5x", 11, "duration", "unknown duration unit 'x'"},
      {"duration>abc", 10, "duration", "expected a duration after 'duration>'"},
      {"duration>-5ms", 10, "duration", "must be a finite number"},
      {"-cost>1", 1, "cost", "cannot be negated"},
      {"x -since:1d", 3, "since", "cannot be negated"},
      {"model>x", 6, "model", "takes ':'"},
      {"cost:1", 5, "cost", "takes a comparison"},
      {"since:yesterday", 7, "since", "neither RFC 3339"},
      {"since:1d until:2d", 10, "until", "since is after until"},
      {"\"h\xc3\xa9llo\" modle:x", 9, "modle", "unknown key"},  // counts code points, not bytes
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const Error e = error_of(c.text);
    CHECK(e.position() == c.position);
    CHECK(e.field() == c.field);
    CHECK_THAT(e.message(), Catch::Contains(c.message_part));
    CHECK_THAT(e.message(), Catch::StartsWith("query: "));
    CHECK_THAT(e.message(), Catch::EndsWith(" at character " + std::to_string(c.position)));
  }
  CHECK(error_of("modle:x").message() == "query: unknown key 'modle' at character 1");
  CHECK(error_of("cost>abc").message() == "query: expected a number after 'cost>' at character 6");
  CHECK(error_of(R"(model:gpt-4 "summ)").message() == "query: unterminated quote starting at character 13");
}

}  // namespace test_query_text
