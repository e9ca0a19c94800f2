// Datasets and their datapoints in SQLite: creating, finding and listing datasets, and reading a
// dataset's datapoints.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "id_page.hpp"
#include "sqlite.hpp"

namespace tracesift::store {

/// A dataset as listed: its identity, type and sizes.
struct DatasetInfo {
  int64_t id = 0;          ///< row id
  std::string name;        ///< unique name
  std::string type;        ///< eval, training or collection
  int64_t created_ns = 0;  ///< creation time (UTC ns)
  int64_t rows = 0;        ///< datapoints it holds
  int64_t rules = 0;       ///< capture rules feeding it
};

/// A page of a dataset's datapoints as JSONL, and the cursor of the page after ("" after the last).
struct DatapointPage {
  std::string jsonl;        ///< one datapoint a line, oldest first
  std::string next_cursor;  ///< continues after the page's last datapoint, or ""
};

/// Checks a dataset name: non-empty, at most 200 bytes, no control characters.
/// Throws Error{invalid_argument} naming `field`.
std::string checked_dataset_name(std::string_view name, std::string_view field);

/// A dataset's rows hash: which spans it holds, in order (not their content, which a dataset
/// keeps as it was when saved anyway). Fed hash_text(source_span_id) row after row, so the builder
/// can compute it from the fact table without reading a row back.
class RowsHash {
 public:
  /// Adds the next row, by hash_text of its source span id ("" for a row without one).
  void add(uint64_t span_hash) noexcept;
  /// The hash as 16 hex digits.
  std::string hex() const;

 private:
  uint64_t state_ = 0x84222325cbf29ce4ull;
};

/// The datasets table and the datapoints read through it.
class DatasetStore {
 public:
  /// Works on `db`, which must outlive the store.
  explicit DatasetStore(Database& db) : db_(db) {}

  /// Creates a dataset; Error{conflict} when the name is taken.
  DatasetInfo create(std::string_view name, std::string_view type, int64_t now_ns);
  /// The dataset called `name`, if any.
  std::optional<DatasetInfo> find(std::string_view name);
  /// The dataset called `name`; Error{not_found} otherwise.
  DatasetInfo get(std::string_view name);
  /// Every dataset, by name.
  std::vector<DatasetInfo> list();
  /// The training datasets whose recipe excludes the eval dataset `eval_name`, by name.
  std::vector<DatasetInfo> excluding(std::string_view eval_name);
  /// A dataset's recipe (JSON text), or "null" when it has none (collections).
  std::string recipe(const DatasetInfo& dataset);
  /// Stores a dataset's recipe.
  void set_recipe(const DatasetInfo& dataset, std::string_view recipe_json);
  /// Renames a dataset; Error{conflict} when the new name is taken.
  void rename(const DatasetInfo& dataset, std::string_view new_name);
  /// Deletes a dataset with its datapoints and rules; returns the datapoints deleted.
  int64_t remove(const DatasetInfo& dataset);
  /// The RowsHash of a dataset's rows, read back from the database.
  std::string rows_hash(const DatasetInfo& dataset);
  /// Appends a page of a dataset's datapoints as JSONL, oldest first; returns the cursor of the
  /// page after, or "" after the last datapoint.
  std::string rows_jsonl(const DatasetInfo& dataset, const IdPage& page, std::string& out);

 private:
  std::vector<DatasetInfo> select(std::string_view where, std::string_view name);
  Database& db_;
};

/// A dataset as JSON: {"dataset", "type", "rows", "rules", "created_at"} (and "recipe" when given).
std::string dataset_json(const DatasetInfo& dataset, std::string_view recipe_json = {});

/// The datasets as a JSON array of dataset_json objects.
std::string datasets_json(const std::vector<DatasetInfo>& datasets);

/// A deleted dataset: {"deleted": name, "datapoints": n}.
std::string dataset_deleted_json(std::string_view name, int64_t datapoints);

/// Datapoints added to a collection: {"added": n}.
std::string datapoints_added_json(int64_t added);

}  // namespace tracesift::store
