// The connection settings and file facts the engine asks SQLite for (PRAGMAs), so no SQL text
// lives outside store/.
#pragma once

#include <cstdint>
#include <string>

#include "sqlite.hpp"

namespace tracesift::store {

/// The page size of a new database (takes effect only while the file is still empty).
void set_page_size(Database& db, int64_t bytes);

/// PRAGMA journal_mode = `mode` (a plain word); WAL also takes the exclusive locking mode (a VFS
/// without shared memory needs it, docs/STORAGE.md). Error{invalid_argument, "journal_mode"} when
/// SQLite answers another mode.
void set_journal_mode(Database& db, const std::string& mode);

/// The settings of an open connection: the page cache (KiB), temporary tables in memory and
/// PRAGMA synchronous = `synchronous` (a plain word).
void tune_connection(Database& db, int64_t cache_size_kib, const std::string& synchronous);

/// PRAGMA integrity_check: "ok", or the problems one a line.
std::string integrity_check(Database& db);

/// The database file's size in bytes (page count × page size).
int64_t database_bytes(Database& db);

}  // namespace tracesift::store
