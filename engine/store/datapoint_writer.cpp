#include "datapoint_writer.hpp"

#include "../error.hpp"

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

// INSERT OR IGNORE ... VALUES of `rows` rows: ?1 source, ?2 time, then dataset, rule (NULL for 0)
// and span row of each.
std::string bulk_insert_sql(size_t rows) {
  std::string sql =
      "INSERT OR IGNORE INTO datapoints (source, created_ns, dataset_id, rule_id, span_row, linked) VALUES ";
  for (size_t i = 0; i < rows; ++i) {
    const std::string p = std::to_string(3 + 3 * i);
    sql += (i ? ",(?1,?2,?" : "(?1,?2,?") + p + ",nullif(?" + std::to_string(4 + 3 * i) + ",0),?" +
           std::to_string(5 + 3 * i) + ",1)";
  }
  return sql;
}

}  // namespace

int64_t DatapointWriter::add_all(std::span<const NewDatapoint> datapoints, std::string_view source, int64_t now_ns) {
  int64_t added = 0;
  auto run = [&](Statement& st, std::span<const NewDatapoint> rows) {
    st.reset();
    st.bind_text(1, source);
    st.bind_int(2, now_ns);
    for (size_t i = 0; i < rows.size(); ++i) {
      st.bind_int(static_cast<int>(3 + 3 * i), rows[i].dataset_id);
      st.bind_int(static_cast<int>(4 + 3 * i), rows[i].rule_id);
      st.bind_int(static_cast<int>(5 + 3 * i), rows[i].span_rowid);
    }
    st.step();
    added += db_.changes();
    st.reset();
  };
  size_t done = 0;
  if (datapoints.size() >= kBulkRows) {
    if (!bulk_) bulk_.emplace(db_.prepare(bulk_insert_sql(kBulkRows)));
    for (; done + kBulkRows <= datapoints.size(); done += kBulkRows) run(*bulk_, datapoints.subspan(done, kBulkRows));
  }
  if (done < datapoints.size()) {
    Statement rest = db_.prepare(bulk_insert_sql(datapoints.size() - done));
    run(rest, datapoints.subspan(done));
  }
  return added;
}

int64_t add_manual_datapoints(Database& db, int64_t dataset_id, const std::vector<std::string>& span_ids,
                              int64_t now_ns) {
  Statement find = db.prepare("SELECT id FROM spans WHERE span_id = ?");
  Statement present =
      db.prepare("SELECT 1 FROM datapoints WHERE dataset_id = ? AND span_row = ? AND source = 'manual' LIMIT 1");
  DatapointWriter writer(db);
  int64_t added = 0;
  for (const std::string& id : span_ids) {
    find.reset();
    find.bind_text(1, id);
    if (!find.step()) throw Error(Errc::not_found, "no stored span with id '" + id + "'", "span_ids");
    const int64_t row = find.column_int(0);
    present.reset();
    present.bind_int(1, dataset_id);
    present.bind_int(2, row);
    if (present.step()) continue;  // a span picked twice is added once
    added += writer.add(dataset_id, datapoint_source::manual, std::nullopt, row, now_ns) ? 1 : 0;
  }
  return added;
}

}  // namespace tracesift::store
