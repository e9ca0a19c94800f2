// Fuzzes the filter object (JSON, as the app, the package and `--filter` send it): it parses or is
// refused with an Error, and a filter that parses is counted, listed and faceted over random spans.
#include "fuzz_support.hpp"

using namespace tracesift;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Engine& engine = fuzz::engine_with_spans();
  fuzz::expect_only_errors([&] {
    const Filter filter = engine.parse_filter(fuzz::text_of(data, size));
    engine.count(filter);
    engine.spans_page(filter, {.limit = 5});
    engine.facets(filter);
  });
  return 0;
}
