#include "datapoint_writer.hpp"

namespace tracesift::store {

DatapointWriter::DatapointWriter(Database& db)
    : db_(db),
      insert_(db.prepare(
          "INSERT OR IGNORE INTO datapoints (dataset_id, source, rule_id, created_ns, source_span_id, span_row, input, "
          "output, trace_id, session_id, metadata) "
          "SELECT ?1, ?2, ?3, ?4, span_id, id, input, output, trace_id, session_id, "
          "json_object('name', name, 'kind', kind, 'status', status, 'model', model, 'provider', provider, "
          "'environment', environment, 'task', task, 'user_id', user_id, 'input_tokens', input_tokens, "
          "'output_tokens', output_tokens, 'cost_usd', cost_usd, 'started_ns', started_ns, 'ended_ns', ended_ns) "
          "FROM spans WHERE id = ?5")) {}

bool DatapointWriter::add(int64_t dataset_id, std::string_view source, std::optional<int64_t> rule_id,
                          int64_t span_rowid, int64_t now_ns) {
  insert_.reset();
  insert_.bind_int(1, dataset_id);
  insert_.bind_text(2, source);
  if (rule_id)
    insert_.bind_int(3, *rule_id);
  else
    insert_.bind_null(3);
  insert_.bind_int(4, now_ns);
  insert_.bind_int(5, span_rowid);
  insert_.step();
  const bool added = db_.changes() == 1;
  insert_.reset();
  return added;
}

}  // namespace tracesift::store
