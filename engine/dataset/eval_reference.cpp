#include "eval_reference.hpp"

#include "../query/fact_table.hpp"
#include "../sample/sample_hash.hpp"
#include "input_text.hpp"

namespace tracesift::dataset {

EvalReference::EvalReference(store::Database& db, const store::DatasetInfo& eval, const LeakageChecks& checks)
    : near(checks.jaccard) {
  store::for_each_datapoint_keys(db, eval.id, [&](const store::DatapointKeys& k) {
    if (k.span_id) spans.insert(hash_text(*k.span_id));
    if (checks.same_input) inputs.insert(input_content_hash(k.input_json));
    if (checks.near_duplicate) near.add(similarity_text(k.input_json));
    if (k.trace_id) traces.insert(key_hash(*k.trace_id));
    if (k.session_id) sessions.insert(key_hash(*k.session_id));
  });
}

}  // namespace tracesift::dataset
