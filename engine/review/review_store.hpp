// The review queue in SQLite (schema v5, docs/REVIEW.md): queues, enqueueing datapoints, claims
// with a lease, edits, approval into a golden dataset, rejection and progress counts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../store/dataset_store.hpp"
#include "../store/sqlite.hpp"
#include "review_types.hpp"

namespace tracesift::review {

/// Where approved datapoints come from (their `source`).
inline constexpr std::string_view kReviewSource = "review";

/// The review tables. Every change runs in its own transaction; illegal transitions throw
/// Error{conflict} (field "item"), unknown queues and items Error{not_found}.
class ReviewStore {
 public:
  /// Works on `db` and `datasets`, which must outlive the store.
  ReviewStore(store::Database& db, store::DatasetStore& datasets) : db_(db), datasets_(datasets) {}

  /// Creates a queue whose approvals go to `golden` (a collection, created now if missing);
  /// Error{conflict} when the name is taken, Error{invalid_argument, "golden"} when `golden` is an
  /// eval or training dataset.
  Queue create(std::string_view name, std::string_view golden, int64_t lease_ns, int64_t now_ns);
  /// Every queue with its progress, by name.
  std::vector<Queue> list();
  /// The queue called `name` with its progress; Error{not_found, "queue"} otherwise.
  Queue get(std::string_view name);
  /// Deletes a queue and its items (the golden dataset stays); returns the items deleted.
  int64_t remove(std::string_view name);

  /// Adds a dataset's datapoints (oldest first, at most `limit`, 0 = all) to a queue.
  EnqueueResult enqueue_dataset(std::string_view queue, std::string_view dataset, int64_t limit, int64_t now_ns);
  /// Adds the datapoints a capture rule took (oldest first, at most `limit`, 0 = all) to a queue.
  EnqueueResult enqueue_rule(std::string_view queue, int64_t rule_id, int64_t limit, int64_t now_ns);

  /// The reviewer's claimed item in `queue` if any, else claims the oldest pending item or claim
  /// whose lease ran out; nullopt when nothing is left.
  std::optional<Item> next(std::string_view queue, std::string_view reviewer, int64_t now_ns);
  /// Claims one item: pending, already the reviewer's, or another's whose lease ran out.
  Item claim(int64_t item_id, std::string_view reviewer, int64_t now_ns);
  /// Gives a claimed item back (pending again, edits kept).
  Item release(int64_t item_id, std::string_view reviewer);
  /// Sets the edited output (already checked, compact JSON) of the reviewer's claimed item.
  Item edit(int64_t item_id, std::string_view reviewer, std::string_view output_json, int64_t now_ns);
  /// Copies the datapoint (with the edited output if any) into the golden dataset and completes
  /// the item as approved.
  Item approve(int64_t item_id, std::string_view reviewer, const std::optional<std::string>& note, int64_t now_ns);
  /// Completes the reviewer's claimed item as rejected.
  Item reject(int64_t item_id, std::string_view reviewer, const std::optional<std::string>& reason, int64_t now_ns);

  /// One item; Error{not_found, "item"} otherwise.
  Item item(int64_t item_id);
  /// Items of a queue in id order, optionally of one state.
  ItemPage items(std::string_view queue, std::string_view state, const store::IdPage& page);
  /// The datapoint an item reviews, as it was taken.
  ItemContent content(const Item& item);

 private:
  Progress progress(int64_t queue_id);
  EnqueueResult enqueue(const Queue& q, std::string_view from_sql, int64_t key, int64_t limit, int64_t now_ns);
  Item claimed_by(int64_t item_id, std::string_view reviewer, std::string_view action);
  Item take(int64_t item_id, std::string_view reviewer, int64_t now_ns);
  int64_t copy_to_golden(const Item& item, const std::string& golden, int64_t now_ns);
  store::DatasetInfo golden_dataset(std::string_view name, std::string_view field, int64_t now_ns);

  store::Database& db_;
  store::DatasetStore& datasets_;
};

/// Checks a queue or reviewer name: non-empty, at most 200 bytes, no control characters.
/// Throws Error{invalid_argument} naming `field`.
std::string checked_review_name(std::string_view name, std::string_view field);

}  // namespace tracesift::review
