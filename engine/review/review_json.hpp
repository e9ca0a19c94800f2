// The review queue's records as JSON text (docs/REVIEW.md), for the bindings and the CLI.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "review_types.hpp"

namespace tracesift::review {

/// {"pending", "claimed", "approved", "rejected", "total"}.
std::string progress_json(const Progress& p);
/// {"queue", "golden", "lease_seconds", "created_at", "progress": {...}}.
std::string queue_json(const Queue& q);
/// {"id", "queue", "datapoint_id", "state", "outcome", "reviewer", "enqueued_at", "claimed_at",
/// "completed_at", "edited", "edited_at", "note", "golden_datapoint_id"}.
std::string item_json(const Item& item);
/// item_json plus "edited_output", "output" (the edited output, else the original) and
/// "datapoint": {"id", "dataset", "source", "source_span_id", "rule_id", "input", "output",
/// "metadata"} (its original content).
std::string item_detail_json(const Item& item, const ItemContent& content);
/// {"queue", "matched", "enqueued", "already"}.
std::string enqueue_json(const EnqueueResult& r);
/// The queues as a JSON array of queue_json objects.
std::string queues_json(const std::vector<Queue>& queues);
/// The items as a JSON array of item_json objects.
std::string items_json(const std::vector<Item>& items);

/// A page of items: {"items": [...], "nextCursor": string | null}.
std::string item_page_json(const ItemPage& page);
/// A deleted queue: {"deleted": name, "items": n}.
std::string queue_deleted_json(std::string_view queue, int64_t items);

}  // namespace tracesift::review
