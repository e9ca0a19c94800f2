// Capture rules in SQLite: add, read, change, delete.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "../store/sqlite.hpp"
#include "rule.hpp"

namespace tracesift::capture {

/// The rules table.
class RuleStore {
 public:
  /// Works on `db`, which must outlive the store.
  explicit RuleStore(store::Database& db) : db_(db) {}

  /// Stores a new rule (its id and created_ns are filled in); Error{conflict} when the dataset
  /// already has a rule of that name.
  Rule insert(Rule rule);
  /// The rule with `id`; Error{not_found} otherwise.
  Rule get(int64_t id);
  /// Rules of one dataset (all when `dataset` is empty), by id.
  std::vector<Rule> list(std::string_view dataset);
  /// Writes a rule's name, filters, rate and seed; Error{conflict} for a name already used.
  void update(const Rule& rule);
  /// Deletes a rule; its datapoints stay. Returns how many it had added.
  int64_t remove(int64_t id);
  /// Error{conflict} (field "name") when the dataset has a rule named `name` other than `except_id`.
  void check_name_free(int64_t dataset_id, std::string_view name, int64_t except_id);

 private:
  std::vector<Rule> select(std::string_view where, int64_t id, std::string_view dataset);
  store::Database& db_;
};

}  // namespace tracesift::capture
