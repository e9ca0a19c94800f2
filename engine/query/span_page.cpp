#include "span_page.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>
#include <queue>

#include <nlohmann/json.hpp>

#include "../error.hpp"
#include "../json_depth.hpp"

namespace tracesift {
namespace {

// A row's position in a listing: rows with a value first, then by value, then by rowid.
// Doubles are mapped to order-preserving integers so all keys compare as int64.
struct Key {
  bool has = false;
  int64_t value = 0;
  int64_t rowid = 0;
};

int64_t ordered_bits(double d) {
  int64_t i = 0;
  std::memcpy(&i, &d, sizeof i);                                   // std::bit_cast is missing from this libc++
  return i < 0 ? std::numeric_limits<int64_t>::min() - i - 1 : i;  // negative doubles run backwards
}

Key key_of(const FactRow& r, SortKey sort) {
  switch (sort) {
    case SortKey::time: return {true, r.started_ns, r.rowid};
    case SortKey::cost: return {r.has_cost(), r.has_cost() ? ordered_bits(r.cost) : 0, r.rowid};
    case SortKey::tokens: return {true, r.tokens, r.rowid};
    case SortKey::duration: return {r.has_end(), r.has_end() ? r.duration_ns() : 0, r.rowid};
  }
  return {};
}

// True when `a` comes before `b` in the listing.
struct Before {
  bool descending;
  bool operator()(const Key& a, const Key& b) const noexcept {
    if (a.has != b.has) return a.has;  // rows without a value last in both orders
    if (a.value != b.value) return descending ? a.value > b.value : a.value < b.value;
    return descending ? a.rowid > b.rowid : a.rowid < b.rowid;
  }
};

constexpr std::string_view kCursorPrefix = "c1.";

std::string encode_cursor(const PageRequest& req, const Key& k) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s%d.%c.%d.%llx.%llx", kCursorPrefix.data(), static_cast<int>(req.sort),
                req.descending ? 'd' : 'a', k.has ? 1 : 0, static_cast<unsigned long long>(k.value),
                static_cast<unsigned long long>(k.rowid));
  return buf;
}

[[noreturn]] void bad_cursor(std::string_view why) {
  throw Error(Errc::invalid_argument, "invalid cursor: " + std::string(why), "cursor");
}

Key decode_cursor(const PageRequest& req, std::string_view text) {
  if (!text.starts_with(kCursorPrefix)) bad_cursor("not a cursor of this engine");
  const std::string body(text.substr(kCursorPrefix.size()));
  int sort = -1, has = -1, used = 0;
  char order = 0;
  unsigned long long value = 0, rowid = 0;
  if (std::sscanf(body.c_str(), "%d.%c.%d.%llx.%llx%n", &sort, &order, &has, &value, &rowid, &used) != 5 ||
      used != static_cast<int>(body.size()) || (has != 0 && has != 1) || (order != 'a' && order != 'd'))
    bad_cursor("not a cursor of this engine");
  if (sort != static_cast<int>(req.sort) || (order == 'd') != req.descending)
    bad_cursor("it continues a listing in another order; pass the same sort and order as the page it came from");
  return {has == 1, static_cast<int64_t>(value), static_cast<int64_t>(rowid)};
}

}  // namespace

SortKey parse_sort_key(std::string_view name) {
  for (size_t i = 0; i < kSortKeyNames.size(); ++i)
    if (kSortKeyNames[i] == name) return static_cast<SortKey>(i);
  throw Error(Errc::invalid_argument, "unknown sort '" + std::string(name) + "' (time, cost, tokens, duration)",
              "sort");
}

PageRequest parse_page_request(std::string_view json_text) {
  using nlohmann::json;
  PageRequest req;
  if (json_text.empty()) return req;
  check_json_depth(json_text, Errc::invalid_argument, "page request");
  const json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw Error(Errc::invalid_argument, "a page request must be a JSON object");
  auto count = [](const std::string& key, const json& v) {
    if (!v.is_number_integer() && !v.is_number_unsigned())
      throw Error(Errc::invalid_argument, key + " must be a non-negative integer, got " + v.dump(), key);
    const int64_t n = v.get<int64_t>();
    if (n < 0) throw Error(Errc::invalid_argument, key + " must be a non-negative integer, got " + v.dump(), key);
    return n;
  };
  for (const auto& [key, v] : j.items()) {
    if (key == "sort") {
      if (!v.is_string()) throw Error(Errc::invalid_argument, "sort must be a string", key);
      req.sort = parse_sort_key(v.get<std::string>());
    } else if (key == "order") {
      if (!v.is_string() || (v != "asc" && v != "desc"))
        throw Error(Errc::invalid_argument, "order must be \"asc\" or \"desc\", got " + v.dump(), key);
      req.descending = v == "desc";
    } else if (key == "limit") {
      req.limit = count(key, v);
    } else if (key == "offset") {
      req.offset = count(key, v);
    } else if (key == "cursor") {
      if (!v.is_string() && !v.is_null()) throw Error(Errc::invalid_argument, "cursor must be a string", key);
      if (v.is_string()) req.cursor = v.get<std::string>();
    } else {
      throw Error(Errc::invalid_argument, "unknown page key '" + key + "' (sort, order, limit, offset, cursor)", key);
    }
  }
  return req;
}

// Deep pages (a virtualised table jumping to row 500,000) hold too many rows for a heap: collect
// the matching keys, place the page's first row with nth_element and sort only the page. O(n).
constexpr size_t kHeapRows = 4096;

PageRows select_deep_page(const FactTable& table, const CompiledFilter& filter, const PageRequest& req,
                          const Before& before, const Key* after) {
  std::vector<Key> keys;
  keys.reserve(table.rows().size() / 4);
  for (const FactRow& r : table.rows()) {
    if (!filter.matches(r)) continue;
    const Key k = key_of(r, req.sort);
    if (after && !before(*after, k)) continue;
    keys.push_back(k);
  }
  PageRows page;
  const auto first = static_cast<size_t>(req.offset);
  if (first >= keys.size()) return page;
  const size_t end = std::min(keys.size(), first + static_cast<size_t>(req.limit));
  std::nth_element(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(first), keys.end(), before);
  std::partial_sort(keys.begin() + static_cast<std::ptrdiff_t>(first), keys.begin() + static_cast<std::ptrdiff_t>(end),
                    keys.end(), before);
  for (size_t i = first; i < end; ++i) page.rowids.push_back(keys[i].rowid);
  if (keys.size() > end && end > first) page.next_cursor = encode_cursor(req, keys[end - 1]);
  return page;
}

PageRows select_page(const FactTable& table, const CompiledFilter& filter, const PageRequest& req) {
  if (req.limit < 0 || req.offset < 0) throw Error(Errc::invalid_argument, "limit and offset must be >= 0", "limit");
  const Before before{req.descending};
  const bool has_cursor = !req.cursor.empty();
  const Key after = has_cursor ? decode_cursor(req, req.cursor) : Key{};
  const size_t wanted = static_cast<size_t>(req.offset + req.limit);
  if (wanted > kHeapRows && req.limit > 0)
    return select_deep_page(table, filter, req, before, has_cursor ? &after : nullptr);

  // Design note: one pass with a bounded max-heap of the `wanted` first rows; O(n log k) and no
  // copy of the matching set, so a page of 50 out of 1M rows costs one scan.
  std::priority_queue<Key, std::vector<Key>, Before> heap(before);  // top = the last row kept
  uint64_t matched_after = 0;
  auto consider = [&](const FactRow& r) {
    if (!filter.matches(r)) return;
    const Key k = key_of(r, req.sort);
    if (has_cursor && !before(after, k)) return;
    ++matched_after;
    if (heap.size() < wanted) {
      heap.push(k);
    } else if (before(k, heap.top())) {
      heap.pop();
      heap.push(k);
    }
  };
  // Rows are in rowid order, which is roughly arrival (time) order: a descending listing scans
  // from the end so that the heap fills with its final rows early and later rows rarely enter it.
  const auto& rows = table.rows();
  if (wanted > 0 && req.descending) {
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) consider(*it);
  } else if (wanted > 0) {
    for (const FactRow& r : rows) consider(r);
  }
  std::vector<Key> keys(heap.size());
  for (size_t i = heap.size(); i-- > 0;) {
    keys[i] = heap.top();
    heap.pop();
  }
  PageRows page;
  for (size_t i = static_cast<size_t>(req.offset); i < keys.size(); ++i) page.rowids.push_back(keys[i].rowid);
  if (matched_after > wanted && !keys.empty()) page.next_cursor = encode_cursor(req, keys.back());
  return page;
}

}  // namespace tracesift
