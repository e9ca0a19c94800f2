// Sorting and keyset paging over the fact table: which rows make up one page of a listing, and
// the cursor that continues it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fact_filter.hpp"
#include "fact_table.hpp"

namespace tracesift {

/// What a listing is ordered by.
enum class SortKey { time, cost, tokens, duration };
/// Wire names of the sort keys, in enum order.
inline constexpr std::array<std::string_view, 4> kSortKeyNames{"time", "cost", "tokens", "duration"};

/// One page of a listing: the order, the page size, and where it starts.
struct PageRequest {
  SortKey sort = SortKey::time;  ///< the ordering column (ties break by row, newest first when descending)
  bool descending = true;        ///< largest first; rows without a value (no cost, still running) come last either way
  int64_t limit = 100;           ///< rows wanted
  int64_t offset = 0;            ///< rows skipped after the cursor
  std::string cursor;            ///< "" for the first page, else the next_cursor of the previous page
};

/// The rows of a page, in order, and the cursor of the next page ("" when this was the last).
struct PageRows {
  std::vector<int64_t> rowids;  ///< rows of `spans`, in listing order
  std::string next_cursor;      ///< continues after the last row, or ""
};

/// Parses a sort key name; throws Error{invalid_argument} naming `sort` otherwise.
SortKey parse_sort_key(std::string_view name);

/// Parses a page request {"sort", "order", "limit", "offset", "cursor"} (every key optional;
/// empty text is the default page). Errors are Error{invalid_argument} naming the key.
PageRequest parse_page_request(std::string_view json_text);

/// Selects one page of the rows matching `filter`. A cursor from another sort or order, or one
/// that is not a cursor at all, is rejected with Error{invalid_argument} naming "cursor".
PageRows select_page(const FactTable& table, const CompiledFilter& filter, const PageRequest& request);

}  // namespace tracesift
