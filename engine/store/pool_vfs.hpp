// A sqlite3 VFS over a HandlePool: SQLite's files (the database, its rollback journal or WAL)
// live in the pool's slots. One connection at a time, so locks are bookkeeping only; I/O failures
// are remembered (xGetLastError) and returned to SQLite as SQLITE_IOERR_* or SQLITE_FULL.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "handle_pool.hpp"

struct sqlite3_vfs;

namespace tracesift::store {

/// A registered VFS. Open a database in it with Database(path, vfs.name()).
class PoolVfs {
 public:
  /// Registers the VFS `name` (not the default) over `pool`. Throws Error{storage} if a VFS of
  /// that name is already registered.
  PoolVfs(std::string name, std::unique_ptr<HandlePool> pool);
  /// Unregisters the VFS; no connection may still use it.
  ~PoolVfs();
  PoolVfs(const PoolVfs&) = delete;
  PoolVfs& operator=(const PoolVfs&) = delete;

  /// The VFS name given to SQLite.
  const std::string& name() const noexcept { return name_; }
  /// The pool (e.g. to see which files it holds).
  HandlePool& pool() noexcept { return *pool_; }
  /// Remembers the message of an I/O failure until SQLite asks for it.
  void remember(std::string message) { last_error_ = std::move(message); }
  /// Takes the remembered message (empty when there is none).
  std::string take_last_error() { return std::exchange(last_error_, std::string()); }
  /// Counter for names of SQLite's nameless temporary files.
  int next_temp_id() noexcept { return ++temp_files_; }

 private:
  std::string name_;
  std::unique_ptr<HandlePool> pool_;
  std::unique_ptr<sqlite3_vfs> vfs_;
  std::string last_error_;
  int temp_files_ = 0;
};

}  // namespace tracesift::store
