// Fuzzes the dataset request (JSON: name, type, filter, sampling, limits, eval exclusions): it is
// refused with an Error or previewed over random spans (the preview builds the dataset without
// saving it).
#include "fuzz_support.hpp"

using namespace tracesift;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Engine& engine = fuzz::engine_with_spans();
  fuzz::expect_only_errors([&] { engine.preview_dataset(dataset::parse_dataset_request(fuzz::text_of(data, size))); });
  return 0;
}
