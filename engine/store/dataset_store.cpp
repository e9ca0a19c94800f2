#include "dataset_store.hpp"

#include <cstdio>

#include "../error.hpp"
#include "../json_text.hpp"
#include "../sample/sample_hash.hpp"
#include "../timestamp.hpp"

namespace tracesift::store {

std::string checked_dataset_name(std::string_view name, std::string_view field) {
  if (name.empty()) throw Error(Errc::invalid_argument, "a dataset name must not be empty", std::string(field));
  if (name.size() > 200)
    throw Error(Errc::invalid_argument, "a dataset name must be at most 200 bytes", std::string(field));
  for (const char c : name)
    if (static_cast<unsigned char>(c) < 0x20)
      throw Error(Errc::invalid_argument, "a dataset name must not contain control characters", std::string(field));
  return std::string(name);
}

DatasetInfo DatasetStore::create(std::string_view name, std::string_view type, int64_t now_ns) {
  if (find(name)) throw Error(Errc::conflict, "a dataset named '" + std::string(name) + "' already exists", "name");
  Statement st = db_.prepare("INSERT INTO datasets (name, type, created_ns) VALUES (?, ?, ?)");
  st.bind_text(1, name);
  st.bind_text(2, type);
  st.bind_int(3, now_ns);
  st.step();
  return get(name);
}

std::vector<DatasetInfo> DatasetStore::select(std::string_view where, std::string_view name) {
  Statement st = db_.prepare(
      "SELECT d.id, d.name, d.type, d.created_ns, "
      "(SELECT count(*) FROM datapoints p WHERE p.dataset_id = d.id), "
      "(SELECT count(*) FROM rules r WHERE r.dataset_id = d.id) FROM datasets d " +
      std::string(where) + " ORDER BY d.name");
  if (!where.empty()) st.bind_text(1, name);
  std::vector<DatasetInfo> out;
  while (st.step()) {
    out.push_back({st.column_int(0), std::string(st.column_text(1)), std::string(st.column_text(2)), st.column_int(3),
                   st.column_int(4), st.column_int(5)});
  }
  return out;
}

std::optional<DatasetInfo> DatasetStore::find(std::string_view name) {
  auto found = select("WHERE d.name = ?", name);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

DatasetInfo DatasetStore::get(std::string_view name) {
  if (auto d = find(name)) return std::move(*d);
  throw Error(Errc::not_found, "no dataset named '" + std::string(name) + "'", "dataset");
}

std::vector<DatasetInfo> DatasetStore::list() {
  return select("", "");
}

std::vector<DatasetInfo> DatasetStore::excluding(std::string_view eval_name) {
  return select("WHERE d.type = 'training' AND json_extract(d.recipe, '$.exclude') = ?", eval_name);
}

std::string DatasetStore::recipe(const DatasetInfo& dataset) {
  Statement st = db_.prepare("SELECT recipe FROM datasets WHERE id = ?");
  st.bind_int(1, dataset.id);
  if (!st.step() || st.is_null(0)) return "null";
  return std::string(st.column_text(0));
}

void DatasetStore::set_recipe(const DatasetInfo& dataset, std::string_view recipe_json) {
  Statement st = db_.prepare("UPDATE datasets SET recipe = ? WHERE id = ?");
  st.bind_text(1, recipe_json);
  st.bind_int(2, dataset.id);
  st.step();
}

void DatasetStore::rename(const DatasetInfo& dataset, std::string_view new_name) {
  if (new_name == dataset.name) return;
  if (find(new_name))
    throw Error(Errc::conflict, "a dataset named '" + std::string(new_name) + "' already exists", "name");
  Statement st = db_.prepare("UPDATE datasets SET name = ? WHERE id = ?");
  st.bind_text(1, new_name);
  st.bind_int(2, dataset.id);
  st.step();
  // Review queues name the golden dataset they approve into: they follow the rename.
  Statement queues = db_.prepare("UPDATE review_queues SET golden_dataset = ? WHERE golden_dataset = ?");
  queues.bind_text(1, new_name);
  queues.bind_text(2, dataset.name);
  queues.step();
}

int64_t DatasetStore::remove(const DatasetInfo& dataset) {
  for (const char* sql : {"DELETE FROM datapoints WHERE dataset_id = ?", "DELETE FROM rules WHERE dataset_id = ?",
                          "DELETE FROM datasets WHERE id = ?"}) {
    Statement st = db_.prepare(sql);
    st.bind_int(1, dataset.id);
    st.step();
  }
  // Old span versions no datapoint reads any more.
  db_.exec(
      "DELETE FROM span_snapshots WHERE NOT EXISTS "
      "(SELECT 1 FROM datapoints WHERE snapshot_id = span_snapshots.id)");
  return dataset.rows;
}

void RowsHash::add(uint64_t span_hash) noexcept {
  state_ = mix64(state_ ^ span_hash);
}

std::string RowsHash::hex() const {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(state_));
  return hex;
}

std::string DatasetStore::rows_hash(const DatasetInfo& dataset) {
  Statement st =
      db_.prepare("SELECT coalesce(source_span_id, '') FROM datapoint_content WHERE dataset_id = ? ORDER BY id");
  st.bind_int(1, dataset.id);
  RowsHash h;
  while (st.step()) h.add(hash_text(st.column_text(0)));
  return h.hex();
}

std::string DatasetStore::rows_jsonl(const DatasetInfo& dataset, const IdPage& page, std::string& out) {
  if (page.limit < 0 || page.offset < 0) throw Error(Errc::invalid_argument, "limit and offset must be >= 0", "limit");
  // One row more than the page: whether another page follows.
  Statement st = db_.prepare(
      "SELECT id, source, source_span_id, rule_id, input, output, created_ns FROM datapoint_content "
      "WHERE dataset_id = ? AND id > ? ORDER BY id LIMIT ? OFFSET ?");
  st.bind_int(1, dataset.id);
  st.bind_int(2, page.after_id);
  st.bind_int(3, page.limit + 1);
  st.bind_int(4, page.offset);
  int64_t written = 0;
  int64_t last_id = 0;
  while (st.step()) {
    if (written == page.limit) return id_cursor("datapoints", last_id);
    ++written;
    last_id = st.column_int(0);
    out += "{\"id\":" + std::to_string(st.column_int(0));
    out += ",\"dataset\":";
    append_json_string(out, dataset.name);
    const std::optional<std::string> span_id = st.column_opt_text(2);
    out += ",\"span_id\":";
    append_json_opt_string(out, span_id);
    out += ",\"source\":";
    append_json_string(out, st.column_text(1));
    out += ",\"source_span_id\":";
    append_json_opt_string(out, span_id);
    out += ",\"rule_id\":";
    out += st.is_null(3) ? "null" : std::to_string(st.column_int(3));
    // input/output hold compact JSON written by the import: copied through as they are.
    out += ",\"input\":";
    out += st.is_null(4) ? std::string_view("null") : st.column_text(4);
    out += ",\"output\":";
    out += st.is_null(5) ? std::string_view("null") : st.column_text(5);
    out += ",\"created_at\":";
    append_json_string(out, format_rfc3339(st.column_int(6)));
    out += "}\n";
  }
  return "";
}

std::string dataset_json(const DatasetInfo& d, std::string_view recipe_json) {
  JsonObject o;
  o.field("name", d.name)
      .field("type", d.type)
      .field("rows", d.rows)
      .field("rules", d.rules)
      .field("created_at", format_rfc3339(d.created_ns));
  if (!recipe_json.empty()) o.raw("recipe", recipe_json);
  return o.text();
}

std::string datasets_json(const std::vector<DatasetInfo>& datasets) {
  return json_array(datasets, [](const DatasetInfo& d) { return dataset_json(d); });
}

std::string dataset_deleted_json(std::string_view name, int64_t datapoints) {
  return deleted_json(name, datapoints, 0);
}

std::string datapoints_added_json(int64_t added) {
  return "{\"added\":" + std::to_string(added) + "}";
}

}  // namespace tracesift::store
