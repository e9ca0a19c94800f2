// Saving an eval or training dataset from a filtered slice: only completed spans, leakage against
// the eval dataset excluded and counted, rows ranked by a seeded hash of the span id and capped,
// copied into datapoints with the recipe that made them.
#pragma once

#include <cstdint>

#include "../query/fact_table.hpp"
#include "../query/filter.hpp"
#include "../store/dataset_store.hpp"
#include "../store/sqlite.hpp"
#include "dataset_request.hpp"

namespace tracesift::dataset {

/// Builds and saves the dataset `request` asks for; `filter` is its parsed filter. Call inside a
/// transaction: on any error nothing is saved. Errors: Error{conflict} for a taken name or a
/// training slice entirely inside the eval dataset; Error{not_found} / Error{invalid_argument}
/// for a missing or non-eval `exclude`; Error{invalid_argument} when no completed span matches.
DatasetReport build_dataset(store::Database& db, store::DatasetStore& datasets, const FactTable& facts,
                            const DatasetRequest& request, const Filter& filter, int64_t now_ns);

}  // namespace tracesift::dataset
