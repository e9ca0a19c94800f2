#include "review_store.hpp"

#include "../error.hpp"
#include "../timestamp.hpp"

namespace tracesift::review {
namespace {

constexpr std::string_view kItemSelect =
    "SELECT i.id, i.queue_id, q.name, i.datapoint_id, i.state, i.outcome, i.reviewer, i.enqueued_ns, i.claimed_ns, "
    "i.completed_ns, i.edited_output, i.edited_ns, i.note, i.golden_datapoint_id "
    "FROM review_items i JOIN review_queues q ON q.id = i.queue_id ";

Item read_item(const store::Statement& st) {
  Item it;
  it.id = st.column_int(0);
  it.queue_id = st.column_int(1);
  it.queue = std::string(st.column_text(2));
  it.datapoint_id = st.column_int(3);
  it.state = std::string(st.column_text(4));
  it.outcome = st.column_opt_text(5);
  it.reviewer = st.column_opt_text(6);
  it.enqueued_ns = st.column_int(7);
  it.claimed_ns = st.column_opt_int(8);
  it.completed_ns = st.column_opt_int(9);
  it.edited_output = st.column_opt_text(10);
  it.edited_ns = st.column_opt_int(11);
  it.note = st.column_opt_text(12);
  it.golden_datapoint_id = st.column_opt_int(13);
  return it;
}

std::string item_name(int64_t id) {
  return "review item " + std::to_string(id);
}

// Why a completed item cannot take part in `action`.
Error completed_error(const Item& it, std::string_view action) {
  return Error(Errc::conflict,
               item_name(it.id) + " is already completed (" + it.outcome.value_or("?") + ") and cannot be " +
                   std::string(action),
               "item");
}

}  // namespace

std::string checked_review_name(std::string_view name, std::string_view field) {
  if (name.empty() || name.find_first_not_of(" \t") == std::string_view::npos)
    throw Error(Errc::invalid_argument, std::string(field) + " must not be empty", std::string(field));
  if (name.size() > 200)
    throw Error(Errc::invalid_argument, std::string(field) + " is longer than 200 bytes", std::string(field));
  for (const char c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      throw Error(Errc::invalid_argument, std::string(field) + " must not contain control characters",
                  std::string(field));
  return std::string(name);
}

store::DatasetInfo ReviewStore::golden_dataset(std::string_view name, std::string_view field, int64_t now_ns) {
  if (auto found = datasets_.find(name)) {
    if (found->type != "collection")
      throw Error(Errc::invalid_argument,
                  "golden dataset '" + found->name + "' is a saved " + found->type +
                      " snapshot; approved datapoints go into a collection dataset",
                  std::string(field));
    return *found;
  }
  return datasets_.create(name, "collection", now_ns);
}

Queue ReviewStore::create(std::string_view name, std::string_view golden, int64_t lease_ns, int64_t now_ns) {
  const std::string checked = checked_review_name(name, "name");
  const std::string golden_name = store::checked_dataset_name(golden, "golden");
  if (lease_ns <= 0) throw Error(Errc::invalid_argument, "lease_seconds must be > 0", "lease_seconds");
  store::Transaction tx(db_);
  {
    store::Statement st = db_.prepare("SELECT 1 FROM review_queues WHERE name = ?");
    st.bind_text(1, checked);
    if (st.step()) throw Error(Errc::conflict, "a review queue named '" + checked + "' already exists", "name");
  }
  golden_dataset(golden_name, "golden", now_ns);
  store::Statement st =
      db_.prepare("INSERT INTO review_queues (name, golden_dataset, lease_ns, created_ns) VALUES (?, ?, ?, ?)");
  st.bind_text(1, checked);
  st.bind_text(2, golden_name);
  st.bind_int(3, lease_ns);
  st.bind_int(4, now_ns);
  st.step();
  tx.commit();
  return get(checked);
}

Progress ReviewStore::progress(int64_t queue_id) {
  store::Statement st =
      db_.prepare("SELECT state, outcome, count(*) FROM review_items WHERE queue_id = ? GROUP BY state, outcome");
  st.bind_int(1, queue_id);
  Progress p;
  while (st.step()) {
    const std::string_view state = st.column_text(0);
    const int64_t n = st.column_int(2);
    if (state == item_state::pending) {
      p.pending += n;
    } else if (state == item_state::claimed) {
      p.claimed += n;
    } else if (!st.is_null(1) && st.column_text(1) == item_outcome::approved) {
      p.approved += n;
    } else {
      p.rejected += n;
    }
    p.total += n;
  }
  return p;
}

std::vector<Queue> ReviewStore::list() {
  std::vector<Queue> out;
  store::Statement st =
      db_.prepare("SELECT id, name, golden_dataset, lease_ns, created_ns FROM review_queues ORDER BY name");
  while (st.step()) {
    Queue q;
    q.id = st.column_int(0);
    q.name = std::string(st.column_text(1));
    q.golden_dataset = std::string(st.column_text(2));
    q.lease_ns = st.column_int(3);
    q.created_ns = st.column_int(4);
    out.push_back(std::move(q));
  }
  for (Queue& q : out) q.progress = progress(q.id);
  return out;
}

Queue ReviewStore::get(std::string_view name) {
  store::Statement st =
      db_.prepare("SELECT id, name, golden_dataset, lease_ns, created_ns FROM review_queues WHERE name = ?");
  st.bind_text(1, name);
  if (!st.step()) throw Error(Errc::not_found, "no review queue named '" + std::string(name) + "'", "queue");
  Queue q;
  q.id = st.column_int(0);
  q.name = std::string(st.column_text(1));
  q.golden_dataset = std::string(st.column_text(2));
  q.lease_ns = st.column_int(3);
  q.created_ns = st.column_int(4);
  q.progress = progress(q.id);
  return q;
}

int64_t ReviewStore::remove(std::string_view name) {
  const Queue q = get(name);
  store::Transaction tx(db_);
  for (const char* sql : {"DELETE FROM review_items WHERE queue_id = ?", "DELETE FROM review_queues WHERE id = ?"}) {
    store::Statement st = db_.prepare(sql);
    st.bind_int(1, q.id);
    st.step();
  }
  tx.commit();
  return q.progress.total;
}

// `from_sql` selects datapoint ids with ?1 = key; the oldest `limit` not yet in the queue join it.
EnqueueResult ReviewStore::enqueue(const Queue& q, std::string_view from_sql, int64_t key, int64_t limit,
                                   int64_t now_ns) {
  if (limit < 0) throw Error(Errc::invalid_argument, "limit must be >= 0 (0 = all)", "limit");
  const std::string source = "SELECT id FROM datapoints WHERE " + std::string(from_sql);
  store::Transaction tx(db_);
  EnqueueResult r;
  r.queue = q.name;
  {
    store::Statement st = db_.prepare(
        "SELECT count(*), coalesce(sum(id IN (SELECT datapoint_id FROM review_items WHERE queue_id = ?2)), 0) FROM (" +
        source + ")");
    st.bind_int(1, key);
    st.bind_int(2, q.id);
    st.step();
    r.matched = st.column_int(0);
    r.already = st.column_int(1);
  }
  store::Statement st = db_.prepare(
      "INSERT OR IGNORE INTO review_items (queue_id, datapoint_id, enqueued_ns) SELECT ?2, id, ?3 FROM (" + source +
      ") WHERE id NOT IN (SELECT datapoint_id FROM review_items WHERE queue_id = ?2) ORDER BY id LIMIT ?4");
  st.bind_int(1, key);
  st.bind_int(2, q.id);
  st.bind_int(3, now_ns);
  st.bind_int(4, limit == 0 ? -1 : limit);
  st.step();
  r.enqueued = db_.changes();
  tx.commit();
  return r;
}

EnqueueResult ReviewStore::enqueue_dataset(std::string_view queue, std::string_view dataset, int64_t limit,
                                           int64_t now_ns) {
  const Queue q = get(queue);
  const store::DatasetInfo d = datasets_.get(dataset);
  if (d.name == q.golden_dataset)
    throw Error(Errc::invalid_argument,
                "dataset '" + d.name + "' is the golden dataset of review queue '" + q.name +
                    "'; enqueue the datasets its datapoints come from",
                "dataset");
  return enqueue(q, "dataset_id = ?1", d.id, limit, now_ns);
}

EnqueueResult ReviewStore::enqueue_rule(std::string_view queue, int64_t rule_id, int64_t limit, int64_t now_ns) {
  const Queue q = get(queue);
  // A deleted rule's datapoints stay, and can still be reviewed.
  store::Statement st = db_.prepare(
      "SELECT EXISTS (SELECT 1 FROM rules WHERE id = ?1) OR EXISTS (SELECT 1 FROM datapoints WHERE rule_id = ?1)");
  st.bind_int(1, rule_id);
  st.step();
  if (st.column_int(0) == 0)
    throw Error(Errc::not_found, "no capture rule with id " + std::to_string(rule_id), "rule_id");
  return enqueue(q, "rule_id = ?1", rule_id, limit, now_ns);
}

Item ReviewStore::item(int64_t item_id) {
  store::Statement st = db_.prepare(std::string(kItemSelect) + "WHERE i.id = ?");
  st.bind_int(1, item_id);
  if (!st.step()) throw Error(Errc::not_found, "no " + item_name(item_id), "item");
  return read_item(st);
}

ItemPage ReviewStore::items(std::string_view queue, std::string_view state, const store::IdPage& page) {
  if (!state.empty() && state != item_state::pending && state != item_state::claimed && state != item_state::completed)
    throw Error(Errc::invalid_argument, "state must be pending, claimed or completed", "state");
  if (page.limit < 0 || page.offset < 0) throw Error(Errc::invalid_argument, "limit and offset must be >= 0", "limit");
  const Queue q = get(queue);
  // One item more than the page: whether another page follows.
  store::Statement st =
      db_.prepare(std::string(kItemSelect) +
                  "WHERE i.queue_id = ?1 AND (?2 = '' OR i.state = ?2) AND i.id > ?3 ORDER BY i.id LIMIT ?4 OFFSET ?5");
  st.bind_int(1, q.id);
  st.bind_text(2, state);
  st.bind_int(3, page.after_id);
  st.bind_int(4, page.limit + 1);
  st.bind_int(5, page.offset);
  ItemPage out;
  while (st.step()) {
    if (static_cast<int64_t>(out.items.size()) == page.limit) {
      out.next_cursor = store::id_cursor("review items", out.items.back().id);
      break;
    }
    out.items.push_back(read_item(st));
  }
  return out;
}

ItemContent ReviewStore::content(const Item& it) {
  store::Statement st = db_.prepare(
      "SELECT d.name, c.source, c.source_span_id, c.rule_id, c.input, c.output, c.metadata FROM datapoint_content c "
      "JOIN datasets d ON d.id = c.dataset_id WHERE c.id = ?");
  st.bind_int(1, it.datapoint_id);
  if (!st.step())
    throw Error(Errc::not_found,
                "the datapoint " + std::to_string(it.datapoint_id) + " of " + item_name(it.id) + " no longer exists",
                "item");
  ItemContent c;
  c.dataset = std::string(st.column_text(0));
  c.source = std::string(st.column_text(1));
  c.source_span_id = st.column_opt_text(2);
  c.rule_id = st.column_opt_int(3);
  c.input_json = st.column_opt_text(4);
  c.output_json = st.column_opt_text(5);
  c.metadata_json = st.is_null(6) ? "{}" : std::string(st.column_text(6));
  return c;
}

Item ReviewStore::take(int64_t item_id, std::string_view reviewer, int64_t now_ns) {
  const Item it = item(item_id);
  if (it.state == item_state::completed) throw completed_error(it, "claimed");
  if (it.state == item_state::claimed && it.reviewer != reviewer) {
    const int64_t lease = get(it.queue).lease_ns;
    if (*it.claimed_ns + lease > now_ns)
      throw Error(Errc::conflict,
                  item_name(it.id) + " is claimed by '" + it.reviewer.value_or("") + "' until " +
                      format_rfc3339(*it.claimed_ns + lease),
                  "item");
  }
  store::Statement st =
      db_.prepare("UPDATE review_items SET state = 'claimed', reviewer = ?, claimed_ns = ? WHERE id = ?");
  st.bind_text(1, reviewer);
  st.bind_int(2, now_ns);
  st.bind_int(3, item_id);
  st.step();
  return item(item_id);
}

std::optional<Item> ReviewStore::next(std::string_view queue, std::string_view reviewer, int64_t now_ns) {
  const std::string who = checked_review_name(reviewer, "reviewer");
  const Queue q = get(queue);
  store::Transaction tx(db_);
  store::Statement own = db_.prepare(
      "SELECT id FROM review_items WHERE queue_id = ? AND state = 'claimed' AND reviewer = ? ORDER BY id LIMIT 1");
  own.bind_int(1, q.id);
  own.bind_text(2, who);
  if (own.step()) {
    const int64_t id = own.column_int(0);
    own.reset();
    tx.commit();
    return item(id);  // already theirs: the lease is not renewed by looking
  }
  store::Statement free = db_.prepare(
      "SELECT id FROM review_items WHERE queue_id = ?1 AND (state = 'pending' OR (state = 'claimed' AND "
      "claimed_ns + ?2 <= ?3)) ORDER BY id LIMIT 1");
  free.bind_int(1, q.id);
  free.bind_int(2, q.lease_ns);
  free.bind_int(3, now_ns);
  if (!free.step()) return std::nullopt;
  const int64_t id = free.column_int(0);
  free.reset();
  Item taken = take(id, who, now_ns);
  tx.commit();
  return taken;
}

Item ReviewStore::claim(int64_t item_id, std::string_view reviewer, int64_t now_ns) {
  const std::string who = checked_review_name(reviewer, "reviewer");
  store::Transaction tx(db_);
  Item it = take(item_id, who, now_ns);
  tx.commit();
  return it;
}

Item ReviewStore::claimed_by(int64_t item_id, std::string_view reviewer, std::string_view action) {
  const std::string who = checked_review_name(reviewer, "reviewer");
  Item it = item(item_id);
  if (it.state == item_state::completed) throw completed_error(it, std::string(action));
  if (it.state == item_state::pending)
    throw Error(Errc::conflict,
                item_name(it.id) + " is pending; claim it (review next) before it can be " + std::string(action),
                "item");
  if (it.reviewer != who)
    throw Error(Errc::conflict,
                item_name(it.id) + " is claimed by '" + it.reviewer.value_or("") + "', not '" + who +
                    "'; only the reviewer holding the claim can act on it",
                "reviewer");
  return it;
}

Item ReviewStore::release(int64_t item_id, std::string_view reviewer) {
  store::Transaction tx(db_);
  claimed_by(item_id, reviewer, "released");
  store::Statement st =
      db_.prepare("UPDATE review_items SET state = 'pending', reviewer = NULL, claimed_ns = NULL WHERE id = ?");
  st.bind_int(1, item_id);
  st.step();
  tx.commit();
  return item(item_id);
}

Item ReviewStore::edit(int64_t item_id, std::string_view reviewer, std::string_view output_json, int64_t now_ns) {
  store::Transaction tx(db_);
  claimed_by(item_id, reviewer, "edited");
  store::Statement st = db_.prepare("UPDATE review_items SET edited_output = ?, edited_ns = ? WHERE id = ?");
  st.bind_text(1, output_json);
  st.bind_int(2, now_ns);
  st.bind_int(3, item_id);
  st.step();
  tx.commit();
  return item(item_id);
}

// Design note: an unedited approval copies the datapoint row as it is (linked rows stay linked to
// the same span version, so the golden copy reads exactly what was reviewed). An edited one gets its
// own copy (linked = 0, like schema v3 rows) of what the view reads, with the edited output, so it
// keeps its source_span_id, trace, session and metadata; span_row and snapshot_id stay so exports
// still find the tool definitions in the span's attributes.
int64_t ReviewStore::copy_to_golden(const Item& it, const std::string& golden, int64_t now_ns) {
  const store::DatasetInfo target = golden_dataset(golden, "golden", now_ns);
  store::Statement st = db_.prepare(
      it.edited_output
          ? "INSERT INTO datapoints (dataset_id, source, rule_id, created_ns, span_row, linked, snapshot_id, "
            "source_span_id, trace_id, session_id, input, output, metadata) "
            "SELECT ?1, ?2, NULL, ?3, d.span_row, 0, d.snapshot_id, c.source_span_id, c.trace_id, c.session_id, "
            "c.input, ?5, coalesce(c.metadata, '{}') FROM datapoints d JOIN datapoint_content c ON c.id = d.id "
            "WHERE d.id = ?4"
          : "INSERT INTO datapoints (dataset_id, source, rule_id, created_ns, span_row, linked, snapshot_id, "
            "source_span_id, trace_id, session_id, input, output, metadata) "
            "SELECT ?1, ?2, NULL, ?3, span_row, linked, snapshot_id, source_span_id, trace_id, session_id, input, "
            "output, metadata FROM datapoints WHERE id = ?4");
  st.bind_int(1, target.id);
  st.bind_text(2, kReviewSource);
  st.bind_int(3, now_ns);
  st.bind_int(4, it.datapoint_id);
  if (it.edited_output) st.bind_text(5, *it.edited_output);
  st.step();
  if (db_.changes() != 1)
    throw Error(Errc::not_found,
                "the datapoint " + std::to_string(it.datapoint_id) + " of " + item_name(it.id) + " no longer exists",
                "item");
  return db_.last_insert_rowid();
}

Item ReviewStore::approve(int64_t item_id, std::string_view reviewer, const std::optional<std::string>& note,
                          int64_t now_ns) {
  store::Transaction tx(db_);
  const Item it = claimed_by(item_id, reviewer, "approved");
  const int64_t golden_id = copy_to_golden(it, get(it.queue).golden_dataset, now_ns);
  store::Statement st = db_.prepare(
      "UPDATE review_items SET state = 'completed', outcome = 'approved', completed_ns = ?, note = ?, "
      "golden_datapoint_id = ? WHERE id = ?");
  st.bind_int(1, now_ns);
  st.bind_opt_text(2, note);
  st.bind_int(3, golden_id);
  st.bind_int(4, item_id);
  st.step();
  tx.commit();
  return item(item_id);
}

Item ReviewStore::reject(int64_t item_id, std::string_view reviewer, const std::optional<std::string>& reason,
                         int64_t now_ns) {
  store::Transaction tx(db_);
  claimed_by(item_id, reviewer, "rejected");
  store::Statement st = db_.prepare(
      "UPDATE review_items SET state = 'completed', outcome = 'rejected', completed_ns = ?, note = ? WHERE id = ?");
  st.bind_int(1, now_ns);
  st.bind_opt_text(2, reason);
  st.bind_int(3, item_id);
  st.step();
  tx.commit();
  return item(item_id);
}

}  // namespace tracesift::review
