// The requests of the review queue and their JSON parsers: creating a queue and enqueueing datapoints.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "review_types.hpp"

namespace tracesift::review {

/// {"name", "golden", "lease_seconds"?}.
struct QueueRequest {
  std::string name;                              ///< the queue's name
  std::string golden;                            ///< the golden (collection) dataset
  int64_t lease_seconds = kDefaultLeaseSeconds;  ///< how long a claim lasts
};

/// {"queue", "dataset" | "rule_id", "limit"?}: exactly one source.
struct EnqueueRequest {
  std::string queue;                   ///< the queue
  std::optional<std::string> dataset;  ///< enqueue this dataset's datapoints
  std::optional<int64_t> rule_id;      ///< or the datapoints this capture rule took
  int64_t limit = 0;                   ///< at most this many new items (0 = all)
};

/// Parses a queue request; unknown keys, missing or mistyped fields throw Error{invalid_argument}
/// naming the field.
QueueRequest parse_queue_request(std::string_view json_text);
/// Parses an enqueue request, with the same errors.
EnqueueRequest parse_enqueue_request(std::string_view json_text);

}  // namespace tracesift::review
