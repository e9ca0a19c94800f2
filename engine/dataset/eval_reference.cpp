#include "eval_reference.hpp"

#include "../query/fact_table.hpp"
#include "../sample/sample_hash.hpp"
#include "input_text.hpp"

namespace tracesift::dataset {

EvalReference::EvalReference(store::Database& db, const store::DatasetInfo& eval, const LeakageChecks& checks)
    : near(checks.jaccard) {
  store::Statement st =
      db.prepare("SELECT source_span_id, input, trace_id, session_id FROM datapoint_content WHERE dataset_id = ?");
  st.bind_int(1, eval.id);
  while (st.step()) {
    if (!st.is_null(0)) spans.insert(hash_text(st.column_text(0)));
    const std::string_view input = st.is_null(1) ? std::string_view("null") : st.column_text(1);
    if (checks.same_input) inputs.insert(input_content_hash(input));
    if (checks.near_duplicate) near.add(similarity_text(input));
    if (!st.is_null(2)) traces.insert(key_hash(st.column_text(2)));
    if (!st.is_null(3)) sessions.insert(key_hash(st.column_text(3)));
  }
}

}  // namespace tracesift::dataset
