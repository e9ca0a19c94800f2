// The records of the review queue (docs/REVIEW.md): queues, items, progress counts and the result
// of an enqueue.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tracesift::review {

/// Where an item is in its life: pending -> claimed -> completed (or back to pending on release).
namespace item_state {
inline constexpr std::string_view pending = "pending";      ///< waiting for a reviewer
inline constexpr std::string_view claimed = "claimed";      ///< taken by one reviewer
inline constexpr std::string_view completed = "completed";  ///< approved or rejected; final
}  // namespace item_state

/// How a completed item ended.
namespace item_outcome {
inline constexpr std::string_view approved = "approved";  ///< copied into the golden dataset
inline constexpr std::string_view rejected = "rejected";  ///< left out, with an optional reason
}  // namespace item_outcome

/// The lease of a claim when a queue is created without one: 30 minutes.
inline constexpr int64_t kDefaultLeaseSeconds = 30 * 60;

/// How many items of a queue are in each state (approved + rejected = completed).
struct Progress {
  int64_t pending = 0;   ///< waiting
  int64_t claimed = 0;   ///< taken, lease running or not
  int64_t approved = 0;  ///< completed and approved
  int64_t rejected = 0;  ///< completed and rejected
  int64_t total = 0;     ///< every item
};

/// A review queue.
struct Queue {
  int64_t id = 0;              ///< row id
  std::string name;            ///< unique name
  std::string golden_dataset;  ///< the collection approved items are copied into
  int64_t lease_ns = 0;        ///< after this long a claim may be taken by another reviewer
  int64_t created_ns = 0;      ///< creation time (UTC ns)
  Progress progress;           ///< its counts
};

/// One datapoint in one queue.
struct Item {
  int64_t id = 0;                              ///< row id
  int64_t queue_id = 0;                        ///< its queue
  std::string queue;                           ///< its queue's name
  int64_t datapoint_id = 0;                    ///< the datapoint under review
  std::string state;                           ///< pending, claimed or completed
  std::optional<std::string> outcome;          ///< approved or rejected once completed
  std::optional<std::string> reviewer;         ///< who claimed (or completed) it
  int64_t enqueued_ns = 0;                     ///< when it was added
  std::optional<int64_t> claimed_ns;           ///< when it was last claimed
  std::optional<int64_t> completed_ns;         ///< when it was completed
  std::optional<std::string> edited_output;    ///< the reviewer's output (compact JSON), if edited
  std::optional<int64_t> edited_ns;            ///< when it was last edited
  std::optional<std::string> note;             ///< the approval note or rejection reason
  std::optional<int64_t> golden_datapoint_id;  ///< the copy in the golden dataset once approved
};

/// A page of a queue's items in id order, and the cursor of the page after ("" after the last).
struct ItemPage {
  std::vector<Item> items;  ///< the page
  std::string next_cursor;  ///< continues after the page's last item, or ""
};

/// The datapoint an item reviews, read through the datapoint_content view.
struct ItemContent {
  std::string dataset;                        ///< the dataset it belongs to
  std::string source;                         ///< span_export, filter, manual or review
  std::optional<std::string> source_span_id;  ///< the span it was taken from
  std::optional<int64_t> rule_id;             ///< the capture rule that took it
  std::optional<std::string> input_json;      ///< input as stored (JSON text)
  std::optional<std::string> output_json;     ///< the original output (JSON text)
  std::string metadata_json;                  ///< the span's metadata object
};

/// What an enqueue did.
struct EnqueueResult {
  std::string queue;     ///< the queue
  int64_t matched = 0;   ///< datapoints selected
  int64_t enqueued = 0;  ///< items added
  int64_t already = 0;   ///< selected datapoints already in the queue
};

}  // namespace tracesift::review
