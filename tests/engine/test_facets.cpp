// Facets: value counts per column (each ignoring its own condition), totals and ranges.
#include <catch2/catch.hpp>

#include <map>
#include <nlohmann/json.hpp>

#include "engine/engine.hpp"
#include "random_spans.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_facets {

using namespace tracesift;
using nlohmann::json;

namespace {

std::map<std::string, uint64_t> counts_of(const Facets& f, FacetDim dim) {
  std::map<std::string, uint64_t> out;
  for (const auto& v : f.values[size_t(dim)]) out[v.value.value_or("<null>")] = v.count;
  return out;
}

}  // namespace

TEST_CASE("facet counts ignore their own column's condition and agree with count", "[facets]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, test::random_spans_jsonl(21, 800));
  const Filter f = engine.parse_filter(R"({"model":"gpt-4o","environment":"production","min_tokens":100})");
  const Facets facets = engine.facets(f);
  CHECK(static_cast<int64_t>(facets.total) == engine.count(f));
  // The model column counts every model under the other conditions.
  for (const auto& [model, n] : counts_of(facets, FacetDim::model)) {
    json other = {{"environment", "production"}, {"min_tokens", 100}};
    INFO(model);
    if (model == "<null>") continue;  // a null model cannot be asked for by value
    other["model"] = model;
    CHECK(static_cast<int64_t>(n) == engine.count(engine.parse_filter(other.dump())));
  }
  CHECK(counts_of(facets, FacetDim::model).size() >= 4);
  // Columns without a condition count exactly the matching spans.
  uint64_t sum = 0;
  for (const auto& v : facets.values[size_t(FacetDim::task)]) sum += v.count;
  CHECK(sum == facets.total);
  // Values are listed by count, largest first.
  const auto& kinds = facets.values[size_t(FacetDim::kind)];
  for (size_t i = 1; i < kinds.size(); ++i) CHECK(kinds[i - 1].count >= kinds[i].count);
  // Ranges cover the matching spans only.
  REQUIRE(facets.tokens);
  CHECK(facets.tokens->min >= 100);
  REQUIRE(facets.cost_usd);
  CHECK(engine.count(engine.parse_filter(json{
            {"model", "gpt-4o"}, {"environment", "production"}, {"min_tokens", 100}, {"min_cost", facets.cost_usd->max}}
                                             .dump())) >= 1);
  // Negations are a column's own condition too.
  const Facets negated = engine.facets(engine.parse_filter(R"("-model:gpt-4o")"));
  CHECK(counts_of(negated, FacetDim::model).count("gpt-4o") == 1);
  CHECK(negated.total == static_cast<uint64_t>(engine.count(engine.parse_filter(R"("-model:gpt-4o")"))));
}

TEST_CASE("facets of an empty result have no ranges, and serialise as the documented JSON", "[facets]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, test::random_spans_jsonl(22, 50));
  const Facets none = engine.facets(engine.parse_filter(R"({"min_cost":1000})"));
  CHECK(none.total == 0);
  CHECK_FALSE(none.cost_usd);
  CHECK_FALSE(none.started_ns);
  const json j = json::parse(facets_json(engine.facets({})));
  CHECK(j["total"] == 50);
  for (const char* column : {"model", "provider", "environment", "task", "kind", "status"})
    CHECK(j["facets"][column].is_array());
  CHECK(j["ranges"]["started_at"]["min"].get<std::string>().starts_with("2025-05-01T"));
  bool null_model = false;
  for (const auto& v : j["facets"]["model"]) null_model = null_model || v["value"].is_null();
  CHECK(null_model);  // spans without a model are a value of their own
}

}  // namespace test_facets
