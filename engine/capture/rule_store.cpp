#include "rule_store.hpp"

#include "../error.hpp"

namespace tracesift::capture {

std::vector<Rule> RuleStore::select(std::string_view where, int64_t id, std::string_view dataset) {
  store::Statement st = db_.prepare(
      "SELECT r.id, r.dataset_id, d.name, r.name, r.filters, r.sample_rate, r.seed, r.created_ns, "
      "(SELECT count(*) FROM datapoints p WHERE p.rule_id = r.id) "
      "FROM rules r JOIN datasets d ON d.id = r.dataset_id " +
      std::string(where) + " ORDER BY r.id");
  if (where.find("r.id") != std::string_view::npos) st.bind_int(1, id);
  if (where.find("d.name") != std::string_view::npos) st.bind_text(1, dataset);
  std::vector<Rule> out;
  while (st.step()) {
    Rule r;
    r.id = st.column_int(0);
    r.dataset_id = st.column_int(1);
    r.dataset = st.column_text(2);
    r.name = st.column_text(3);
    r.filter_json = st.column_text(4);
    r.sample_rate = st.column_double(5);
    r.seed = static_cast<uint64_t>(st.column_int(6));
    r.created_ns = st.column_int(7);
    r.captured = st.column_int(8);
    out.push_back(std::move(r));
  }
  return out;
}

void RuleStore::check_name_free(int64_t dataset_id, std::string_view name, int64_t except_id) {
  store::Statement st = db_.prepare("SELECT id FROM rules WHERE dataset_id = ? AND name = ? AND id <> ?");
  st.bind_int(1, dataset_id);
  st.bind_text(2, name);
  st.bind_int(3, except_id);
  if (st.step())
    throw Error(Errc::conflict,
                "the dataset already has a rule named '" + std::string(name) + "' (id " +
                    std::to_string(st.column_int(0)) + ")",
                "name");
}

Rule RuleStore::insert(Rule rule) {
  check_name_free(rule.dataset_id, rule.name, 0);
  store::Statement st = db_.prepare(
      "INSERT INTO rules (dataset_id, name, filters, sample_rate, seed, created_ns) VALUES (?, ?, ?, ?, ?, ?)");
  st.bind_int(1, rule.dataset_id);
  st.bind_text(2, rule.name);
  st.bind_text(3, rule.filter_json);
  st.bind_double(4, rule.sample_rate);
  st.bind_int(5, static_cast<int64_t>(rule.seed));
  st.bind_int(6, rule.created_ns);
  st.step();
  return get(db_.last_insert_rowid());
}

Rule RuleStore::get(int64_t id) {
  auto found = select("WHERE r.id = ?", id, "");
  if (found.empty()) throw Error(Errc::not_found, "no capture rule with id " + std::to_string(id), "id");
  return std::move(found.front());
}

std::vector<Rule> RuleStore::list(std::string_view dataset) {
  if (dataset.empty()) return select("", 0, "");
  return select("WHERE d.name = ?", 0, dataset);
}

void RuleStore::update(const Rule& rule) {
  check_name_free(rule.dataset_id, rule.name, rule.id);
  store::Statement st = db_.prepare("UPDATE rules SET name = ?, filters = ?, sample_rate = ?, seed = ? WHERE id = ?");
  st.bind_text(1, rule.name);
  st.bind_text(2, rule.filter_json);
  st.bind_double(3, rule.sample_rate);
  st.bind_int(4, static_cast<int64_t>(rule.seed));
  st.bind_int(5, rule.id);
  st.step();
}

int64_t RuleStore::remove(int64_t id) {
  const Rule rule = get(id);
  store::Statement st = db_.prepare("DELETE FROM rules WHERE id = ?");
  st.bind_int(1, id);
  st.step();
  return rule.captured;
}

}  // namespace tracesift::capture
