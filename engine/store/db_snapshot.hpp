// The whole database file, read out page by page (the download of docs/STORAGE.md). Pages come
// through SQLite's sqlite_dbpage table, so this works for any VFS and for in-memory databases.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "sqlite.hpp"

namespace tracesift::store {

/// A consistent copy of a database file, pulled in pieces. If the connection changes anything
/// between two pieces, the next piece throws Error{conflict} (the copy would mix two states).
class DbSnapshot {
 public:
  /// Starts a copy of `db`'s main database; `db` must outlive the snapshot.
  explicit DbSnapshot(Database& db);

  /// Size of the whole file in bytes.
  int64_t total_bytes() const noexcept { return page_size_ * page_count_; }
  /// Appends the next pages (about `max_bytes`, at least one page) to `out`; false when none were
  /// left. Page 1's header is made self-consistent (in-header size, rollback-journal mode), so the
  /// file opens in any SQLite, without a journal or WAL beside it.
  bool next(std::string& out, size_t max_bytes);

 private:
  Database& db_;
  int64_t page_size_ = 0;
  int64_t page_count_ = 0;
  int64_t next_page_ = 1;
  int64_t changes_ = 0;
  Statement pages_;
};

}  // namespace tracesift::store
