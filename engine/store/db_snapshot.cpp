#include "db_snapshot.hpp"

#include <sqlite3.h>

#include <algorithm>

#include "../error.hpp"

namespace tracesift::store {
namespace {

void put_be32(std::string& s, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + static_cast<size_t>(i)] = static_cast<char>(v >> (24 - 8 * i));
}

}  // namespace

DbSnapshot::DbSnapshot(Database& db)
    : db_(db),
      page_size_(db.query_int("PRAGMA page_size")),
      page_count_(db.query_int("PRAGMA page_count")),
      changes_(sqlite3_total_changes64(db.handle())),
      pages_(db.prepare("SELECT pgno, data FROM sqlite_dbpage('main') WHERE pgno >= ? AND pgno <= ? ORDER BY pgno")) {
  if (db.in_transaction())
    throw Error(Errc::conflict, "the database cannot be copied while a transaction is open (an import is running)");
}

bool DbSnapshot::next(std::string& out, size_t max_bytes) {
  if (next_page_ > page_count_) return false;
  // Design note: each piece is its own read transaction (a transaction held across pieces would
  // block every write between them); the connection's change counter proves nothing was written
  // in between, and any write is this connection's own (one connection per database).
  if (sqlite3_total_changes64(db_.handle()) != changes_ || db_.query_int("PRAGMA page_count") != page_count_)
    throw Error(Errc::conflict, "the database changed while it was being copied; start the download again");
  const int64_t pages = std::max<int64_t>(1, static_cast<int64_t>(max_bytes) / page_size_);
  const int64_t last = std::min(page_count_, next_page_ + pages - 1);
  const size_t start = out.size();
  pages_.reset();
  pages_.bind_int(1, next_page_);
  pages_.bind_int(2, last);
  int64_t expected = next_page_;
  while (pages_.step()) {
    const std::string_view data = pages_.column_text(1);
    if (pages_.column_int(0) != expected || static_cast<int64_t>(data.size()) != page_size_)
      throw Error(Errc::internal, "page " + std::to_string(expected) + " could not be read for the copy");
    out.append(data);
    ++expected;
  }
  pages_.reset();
  if (expected != last + 1)
    throw Error(Errc::internal, "page " + std::to_string(expected) + " could not be read for the copy");
  if (next_page_ == 1) {
    // Page 1: the in-header page count valid for this change counter, and file format 1 (legacy
    // rollback journal) so no WAL is expected beside the copy.
    out[start + 18] = 1;
    out[start + 19] = 1;
    put_be32(out, start + 28, static_cast<uint32_t>(page_count_));
    for (size_t i = 0; i < 4; ++i) out[start + 92 + i] = out[start + 24 + i];
  }
  next_page_ = last + 1;
  return true;
}

}  // namespace tracesift::store
