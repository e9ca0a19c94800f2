// Paging a listing in id order (a dataset's datapoints, a queue's items) by cursor or offset.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tracesift::store {

/// One page of a listing in id order: at most `limit` records with an id above `after_id`, the
/// first `offset` of them skipped.
struct IdPage {
  int64_t limit = 100;   ///< records to return
  int64_t offset = 0;    ///< records to skip first
  int64_t after_id = 0;  ///< the last id of the page before (0: from the first record)
};

/// The cursor that continues listing `kind` after the record `id`: "<kind>:<id>".
std::string id_cursor(std::string_view kind, int64_t id);

/// The id a cursor of `kind` continues after; Error{invalid_argument, field "cursor"} for any other text.
int64_t id_after_cursor(std::string_view kind, std::string_view cursor);

}  // namespace tracesift::store
