// What a training dataset must not share with its eval dataset: the eval rows' span ids, input
// hashes, traces and sessions, and a near-duplicate index of their inputs — read from the eval
// dataset's own rows (a snapshot), not from the spans.
#pragma once

#include <cstdint>
#include <unordered_set>

#include "../store/dataset_store.hpp"
#include "../store/sqlite.hpp"
#include "dataset_request.hpp"
#include "near_duplicates.hpp"

namespace tracesift::dataset {

/// The keys of an eval dataset's rows, ready for lookups.
struct EvalReference {
  std::unordered_set<uint64_t> spans;     ///< hash_text(span id)
  std::unordered_set<uint64_t> inputs;    ///< input_content_hash(input)
  std::unordered_set<uint64_t> traces;    ///< key_hash(trace id)
  std::unordered_set<uint64_t> sessions;  ///< key_hash(session id)
  NearDuplicateIndex near;                ///< the eval inputs' MinHash index (when the check is on)

  /// Reads the rows of `eval` from `db`, building what `checks` need.
  EvalReference(store::Database& db, const store::DatasetInfo& eval, const LeakageChecks& checks);
};

}  // namespace tracesift::dataset
