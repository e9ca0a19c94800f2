#include "datapoint_writer.hpp"

namespace tracesift::store {

DatapointWriter::DatapointWriter(Database& db)
    : db_(db),
      insert_(db.prepare("INSERT OR IGNORE INTO datapoints (dataset_id, source, rule_id, created_ns, span_row, linked) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, 1)")) {}

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

namespace {

constexpr size_t kBulkRows = 256;

// INSERT ... VALUES of `rows` rows: ?1 dataset, ?2 source, ?3 time, then one span row each.
std::string bulk_insert_sql(size_t rows) {
  std::string sql = "INSERT INTO datapoints (dataset_id, source, created_ns, span_row, linked) VALUES ";
  for (size_t i = 0; i < rows; ++i) sql += (i ? ",(?1,?2,?3,?" : "(?1,?2,?3,?") + std::to_string(i + 4) + ",1)";
  return sql;
}

}  // namespace

void DatapointWriter::add_all(int64_t dataset_id, std::string_view source, std::span<const int64_t> span_rowids,
                              int64_t now_ns) {
  auto run = [&](Statement& st, std::span<const int64_t> rows) {
    st.reset();
    st.bind_int(1, dataset_id);
    st.bind_text(2, source);
    st.bind_int(3, now_ns);
    for (size_t i = 0; i < rows.size(); ++i) st.bind_int(static_cast<int>(i + 4), rows[i]);
    st.step();
    st.reset();
  };
  size_t done = 0;
  if (span_rowids.size() >= kBulkRows) {
    if (!bulk_) bulk_.emplace(db_.prepare(bulk_insert_sql(kBulkRows)));
    for (; done + kBulkRows <= span_rowids.size(); done += kBulkRows) run(*bulk_, span_rowids.subspan(done, kBulkRows));
  }
  if (done < span_rowids.size()) {
    Statement rest = db_.prepare(bulk_insert_sql(span_rowids.size() - done));
    run(rest, span_rowids.subspan(done));
  }
}

}  // namespace tracesift::store
