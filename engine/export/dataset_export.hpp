// Exporting one dataset as files, pulled piece by piece: the writers push rows into a buffer, and
// the caller (the CLI writing files, the worker posting bytes to the page) takes up to a few MiB at
// a time, so no side ever holds the whole dataset. Files come one after another: the data file(s),
// then README.md (hf), then the recipe beside them (docs/EXPORT.md).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../store/dataset_store.hpp"
#include "../store/sqlite.hpp"
#include "row_writer.hpp"

namespace tracesift::exporter {

/// One piece of an export: bytes of one file; `file_done` on the file's last piece.
struct ExportPiece {
  std::string file;        ///< file name (hf: inside the export folder)
  std::string bytes;       ///< the next bytes of that file (may be empty for an empty file)
  bool file_done = false;  ///< no more bytes follow for this file
};

/// The name of the eval dataset a training dataset's recipe excludes, or nullopt (no such key, or
/// a recipe that is not a JSON object).
std::optional<std::string> recipe_exclude(std::string_view recipe_json);

/// A streamed export of one dataset in one format.
class DatasetExport {
 public:
  /// Prepares the export of `dataset` (whose recipe is `recipe_json`, "null" for none) as `format`
  /// (one of kExportFormats); Error{invalid_argument} names an unknown format. For hf, a training
  /// dataset's eval dataset (`eval`, when its recipe names one that still exists) becomes the
  /// validation split; an eval dataset alone is the test split. `options` are the format's choices.
  DatasetExport(store::Database& db, store::DatasetInfo dataset, std::string recipe_json, std::string_view format,
                std::optional<store::DatasetInfo> eval = std::nullopt, ExportOptions options = {});
  ~DatasetExport();
  DatasetExport(const DatasetExport&) = delete;
  DatasetExport& operator=(const DatasetExport&) = delete;

  /// The next piece, about `max_bytes` at most (plus one row); false when the export is complete.
  bool next(ExportPiece& piece, size_t max_bytes = size_t{4} << 20);
  /// The names of the files this export writes, in order.
  const std::vector<std::string>& files() const noexcept { return files_; }
  /// Rows written so far (all files).
  int64_t rows() const noexcept;
  /// Rows rejected so far (openai-chat, hf).
  int64_t rejected() const noexcept;
  /// Rows written with their reasoning parts left out, in passes finished so far (openai-chat, hf).
  int64_t reasoning_dropped() const noexcept;
  /// Rows written with tool calls but no tool definitions, in passes finished so far (openai-chat, hf).
  int64_t calls_without_tools() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<std::string> files_;
};

}  // namespace tracesift::exporter
