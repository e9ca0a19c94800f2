// A request to save an eval or training dataset from a filtered slice, validated, and the report
// of what was saved.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracesift::dataset {

/// Most rows an eval dataset may hold.
inline constexpr int64_t kEvalCap = 10'000;
/// Most rows a training dataset may hold.
inline constexpr int64_t kTrainingCap = 1'000'000;
/// Overlap with the eval dataset above which a training dataset gets a warning.
inline constexpr double kOverlapWarning = 0.25;

/// Which leakage checks a training dataset runs against its eval dataset (all on by default).
struct LeakageChecks {
  bool same_span = true;       ///< the same span id
  bool same_input = true;      ///< the same normalised input content (input_content_hash)
  bool same_group = true;      ///< the same trace or session/conversation
  bool near_duplicate = true;  ///< an input whose MinHash Jaccard similarity reaches `jaccard`
  double jaccard = 0.8;        ///< near-duplicate threshold, 0 < jaccard <= 1
};

/// A validated dataset request.
struct DatasetRequest {
  std::string name;                    ///< the new dataset's unique name
  std::string type;                    ///< "eval" or "training"
  std::string filter_json = "{}";      ///< the filter object, or a JSON string of query text
  std::optional<std::string> exclude;  ///< training: the eval dataset whose rows it must not share
  std::optional<int64_t> limit;        ///< at most this many rows (at most the type's cap)
  uint64_t seed = 0;                   ///< ranks the rows: hash of (seed, span id)
  LeakageChecks checks;                ///< training only
  /// The type's row cap.
  int64_t cap() const noexcept { return type == "eval" ? kEvalCap : kTrainingCap; }
};

/// Parses {"name", "type", "filter"?, "exclude"?, "limit"?, "seed"?, "leakage"?: {"same_span",
/// "same_input", "same_group", "near_duplicate": bool, "jaccard": number}}. Errors are
/// Error{invalid_argument} naming the field (the filter itself is checked by the caller).
DatasetRequest parse_dataset_request(std::string_view json_text);

/// A new, empty dataset.
struct CreateDatasetRequest {
  std::string name;                 ///< checked by the dataset store
  std::string type = "collection";  ///< collection, eval, training or golden
};

/// Parses {"name", "type"?} (strings). Error{invalid_argument} naming the key for an unknown key
/// or a value that is not a string.
CreateDatasetRequest parse_create_dataset_request(std::string_view json_text);

/// Parses a JSON array of span ids (strings). Error{invalid_argument} on field "span_ids" for
/// anything else.
std::vector<std::string> parse_span_ids(std::string_view json_text);

/// Spans left out of a training dataset, by the first check that caught them (in this order).
struct Exclusions {
  uint64_t same_span = 0;       ///< span already in the eval dataset
  uint64_t same_input = 0;      ///< same normalised input as an eval row
  uint64_t same_group = 0;      ///< trace or session of an eval row
  uint64_t near_duplicate = 0;  ///< input near an eval row's input
  /// All exclusions.
  uint64_t total() const noexcept { return same_span + same_input + same_group + near_duplicate; }
};

/// What saving a dataset did.
struct DatasetReport {
  std::string name;                   ///< the dataset
  std::string type;                   ///< eval or training
  uint64_t candidates = 0;            ///< completed spans matching the filter
  Exclusions excluded;                ///< training: left out for leakage
  uint64_t rows = 0;                  ///< rows saved
  double overlap_ratio = 0;           ///< excluded / candidates
  std::vector<std::string> warnings;  ///< for people (e.g. a narrow slice)
  std::string recipe_json;            ///< the recipe saved with the dataset
};

/// The report as JSON: {"dataset","type","rows","candidates","excluded":{...},"overlap_ratio","warnings"}.
std::string report_json(const DatasetReport& report);

}  // namespace tracesift::dataset
