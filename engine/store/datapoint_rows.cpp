#include "datapoint_rows.hpp"

#include <string>

namespace tracesift::store {
namespace {

std::string rows_sql(bool tools, bool metadata) {
  using namespace datapoint_columns;
  std::string sql =
      "SELECT d.id, d.source, d.rule_id, d.created_ns, d.linked, d.snapshot_id IS NOT NULL, d.source_span_id, "
      "d.trace_id, d.session_id, d.input, d.output, d.metadata";
  for (const char* table : {"s.", "v."}) {
    for (int i = 0; i < static_cast<int>(kSpan.size()); ++i) {
      sql += ", ";
      if ((i == kAttributes && !tools) || (i >= kMetadataFirst && i < kAttributes && !metadata)) {
        sql += "NULL";
      } else {
        sql += table;
        sql += kSpan[static_cast<size_t>(i)];
      }
    }
  }
  sql +=
      " FROM datapoints d LEFT JOIN spans s ON d.snapshot_id IS NULL AND s.id = d.span_row "
      "LEFT JOIN span_snapshots v ON v.id = d.snapshot_id WHERE d.dataset_id = ? ORDER BY d.id";
  return sql;
}

}  // namespace

DatapointRows::DatapointRows(Database& db, int64_t dataset_id, bool tools, bool metadata)
    : st_(db.prepare(rows_sql(tools, metadata))) {
  st_.bind_int(1, dataset_id);
}

void for_each_datapoint_keys(Database& db, int64_t dataset_id, const std::function<void(const DatapointKeys&)>& fn) {
  Statement st =
      db.prepare("SELECT source_span_id, input, trace_id, session_id FROM datapoint_content WHERE dataset_id = ?");
  st.bind_int(1, dataset_id);
  auto opt = [&](int i) -> std::optional<std::string_view> {
    if (st.is_null(i)) return std::nullopt;
    return st.column_text(i);
  };
  while (st.step()) {
    DatapointKeys k;
    k.span_id = opt(0);
    k.input_json = st.is_null(1) ? std::string_view("null") : st.column_text(1);
    k.trace_id = opt(2);
    k.session_id = opt(3);
    fn(k);
  }
}

}  // namespace tracesift::store
