// Saving an eval or training dataset from a filtered slice: only completed spans, leakage against
// the eval dataset excluded and counted, rows ranked by a seeded hash of the span id and capped,
// copied into datapoints with the recipe that made them.
#pragma once

#include <cstdint>
#include <vector>

#include "../query/fact_table.hpp"
#include "../query/filter.hpp"
#include "../store/dataset_store.hpp"
#include "../store/sqlite.hpp"
#include "dataset_request.hpp"

namespace tracesift::dataset {

/// A dataset worked out but not written: its report (recipe included) and the rows it would hold.
struct DatasetPlan {
  DatasetReport report;         ///< what saving it reports
  std::vector<int64_t> rowids;  ///< the spans' rows, in span (rowid) order
};

/// Works out the dataset `request` asks for without writing anything (the dry run, and the first
/// half of a save); `filter` is its parsed filter. Errors: Error{conflict} for a taken name or a
/// training slice entirely inside the eval dataset; Error{not_found} / Error{invalid_argument}
/// for a missing or non-eval `exclude`; Error{invalid_argument} when no completed span matches.
DatasetPlan plan_dataset(store::Database& db, store::DatasetStore& datasets, const FactTable& facts,
                         const DatasetRequest& request, const Filter& filter, int64_t now_ns);

/// Writes a plan: the dataset, its rows and its recipe. Call inside a transaction, with the plan
/// made in it: on any error nothing is saved.
void write_dataset(store::Database& db, store::DatasetStore& datasets, const DatasetPlan& plan, int64_t now_ns);

/// Plans and writes the dataset `request` asks for (plan_dataset, then write_dataset).
DatasetReport build_dataset(store::Database& db, store::DatasetStore& datasets, const FactTable& facts,
                            const DatasetRequest& request, const Filter& filter, int64_t now_ns);

}  // namespace tracesift::dataset
