// The hf export: a Hugging Face dataset folder — one JSONL file per split (train.jsonl,
// validation.jsonl, test.jsonl), a README.md dataset card with the recipe, and recipe.json.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "openai_chat.hpp"
#include "row_writer.hpp"

namespace tracesift::exporter {

/// The splits of an hf export.
enum class HfSplit { train, validation, test };

/// The split's name, which is also its file's stem ("train" -> train.jsonl).
std::string_view hf_split_name(HfSplit split) noexcept;

/// Which rows go to which split: all to `main`, except a seeded, reproducible `holdout_fraction`
/// of them (by the hash of the source span id, else of the datapoint id) to `holdout`.
struct HfLayout {
  HfSplit main = HfSplit::train;          ///< where rows go by default (test for an eval dataset)
  HfSplit holdout = HfSplit::validation;  ///< where the held-out rows go
  double holdout_fraction = 0.0;          ///< 0 (none) to 1
  uint64_t seed = 0;                      ///< the sampling seed (the dataset's recipe seed)
};

/// The split `row` belongs to under `layout` (engine/sample/sample_hash.hpp: the same on every platform).
HfSplit hf_split_of(const HfLayout& layout, const ExportRow& row) noexcept;

/// The sinks of an hf export's split files (nullptr for a split the layout does not use).
struct HfSinks {
  ByteSink* train = nullptr;       ///< train.jsonl
  ByteSink* validation = nullptr;  ///< validation.jsonl
  ByteSink* test = nullptr;        ///< test.jsonl
};

/// Writes the split files: one line `{"id", "source_span_id", "messages", "tools"}` per row, the
/// conversation converted as the openai-chat export does (same rejections), `tools` as JSON text
/// (or null) so every row has the same columns for Arrow. A split with no rows gets no bytes.
class HfWriter {
 public:
  /// A writer with the given layout, passing chunks of about `flush_bytes` to each sink.
  explicit HfWriter(HfLayout layout, size_t flush_bytes = kDefaultFlushBytes);
  /// Starts the output; Error{invalid_argument} when a split the layout uses has no sink.
  void begin(const HfSinks& sinks);
  /// Writes one row to its split, or rejects it with the reason.
  void row(const ExportRow& row);
  /// Writes what is still buffered.
  void end();

  /// Rows written to `split`.
  int64_t rows(HfSplit split) const noexcept { return rows_[static_cast<size_t>(split)]; }
  /// Rows written to all splits.
  int64_t rows_written() const noexcept { return rows_[0] + rows_[1] + rows_[2]; }
  /// The first rejected rows with their reasons.
  const std::vector<Rejection>& rejected() const noexcept { return rejections_.listed(); }
  /// Every rejected row: count, first ones, optional sink.
  RejectionList& rejections() noexcept { return rejections_; }
  /// Every rejected row: count and first ones.
  const RejectionList& rejections() const noexcept { return rejections_; }
  /// Whether any written row has tool definitions.
  bool has_tools() const noexcept { return has_tools_; }
  /// What the conversion noted on written rows (reasoning left out, tool calls without tools).
  const ConversionNotes& notes() const noexcept { return notes_; }
  /// The layout.
  const HfLayout& layout() const noexcept { return layout_; }

 private:
  HfLayout layout_;
  size_t flush_bytes_;
  std::array<OutputBuffer, 3> out_;
  std::array<int64_t, 3> rows_{};
  ChatConverter converter_;
  RejectionList rejections_;
  ConversionNotes notes_;
  bool has_tools_ = false;
};

/// What the dataset card says besides the recipe.
struct HfCardInfo {
  std::array<int64_t, 3> rows{};    ///< rows per split (train, validation, test)
  int64_t rejected = 0;             ///< rows left out because they could not be converted
  HfLayout layout;                  ///< how rows were split
  bool has_tools = false;           ///< whether some rows carry tool definitions
  int64_t reasoning_dropped = 0;    ///< rows written with their reasoning parts left out
  int64_t calls_without_tools = 0;  ///< rows written with tool calls but no tool definitions
  /// Where the splits come from, in words, when the caller chose them (e.g. "validation.jsonl
  /// holds the eval dataset `golden`"); empty for none.
  std::string_view splits_note;
};

/// The card of an hf export (README.md): YAML front matter (pretty_name, task_categories,
/// size_categories, tags, configs/data_files of the splits that have rows, dataset_info features
/// and splits), then for people: the splits, the row format with a loading example, the recipe
/// (known keys — type, filter, seed, cap, exclusions, leakage checks and counts, engine version,
/// rows hash — rendered in words, any other key generically) and the recipe JSON itself.
/// `recipe_json` is the dataset's recipe (a JSON object), or empty/"null" for none.
std::string hf_dataset_card(std::string_view dataset_name, std::string_view recipe_json, const HfCardInfo& info);

/// The card info of a finished writer.
HfCardInfo hf_card_info(const HfWriter& writer);

}  // namespace tracesift::exporter
