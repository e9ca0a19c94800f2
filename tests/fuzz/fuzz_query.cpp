// Fuzzes the query language: the input is a query text (as the search box and `--query` give it);
// it parses or is refused with an Error, and a query that parses is counted, listed and faceted
// over random spans.
#include <nlohmann/json.hpp>

#include "engine/query/filter.hpp"
#include "fuzz_support.hpp"

using namespace tracesift;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(fuzz::text_of(data, size));
  // A JSON string is read as a query text; invalid UTF-8 is replaced, as the bindings' strings are.
  const std::string as_json = nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  Engine& engine = fuzz::engine_with_spans();
  fuzz::expect_only_errors([&] {
    const Filter filter = engine.parse_filter(as_json);
    engine.count(filter);
    engine.spans_page(filter, {.limit = 5});
    engine.facets(filter);
  });
  return 0;
}
