// A sqlite3 VFS that is another VFS (the file system) plus a lock that other processes see: a
// connection holds its HostLock on the database from its first read of a transaction to its end
// (SQLite's SHARED lock and above), so one connection at a time reads or writes the file and
// SQLite's own checks (the change counter, hot journals) work between processes.
//
// Design note: one lock for readers and writers alike, like SQLite's "unix-dotfile" locking. A
// reader/writer lock built from files would need a reader count that survives crashes; one lock
// with the holder's pid in it can be taken over safely when the holder is gone. Transactions are
// short (an import batch, a query), so readers wait milliseconds; SQLite's busy handler waits
// for the lock up to the connection's busy timeout, then the call fails with Errc::locked.
#pragma once

#include <memory>
#include <string>

#include "host_lock.hpp"

struct sqlite3_vfs;

namespace tracesift::store {

/// A registered VFS named `name` over the VFS `base` (which must exist), locking main database
/// files through `lock`. Journals and temporary files are the base VFS's own.
class LockingVfs {
 public:
  /// Registers the VFS (not as the default). Throws Error{storage} if `base` is not registered or
  /// `name` already is.
  LockingVfs(std::string name, const std::string& base, HostLock& lock);
  /// Unregisters it; no connection may still use it.
  ~LockingVfs();
  LockingVfs(const LockingVfs&) = delete;
  LockingVfs& operator=(const LockingVfs&) = delete;

  /// The VFS name to open databases in.
  const std::string& name() const noexcept { return name_; }
  /// The host lock.
  HostLock& lock() noexcept { return lock_; }
  /// Remembers who held the lock when it was last refused (SQLite asks through xGetLastError).
  void remember_holder(std::string holder) { last_holder_ = std::move(holder); }
  /// Who held the lock when it was last refused ("" when unknown).
  const std::string& last_holder() const noexcept { return last_holder_; }
  /// The VFS underneath.
  sqlite3_vfs* base() const noexcept { return base_; }

 private:
  std::string name_;
  HostLock& lock_;
  sqlite3_vfs* base_ = nullptr;
  std::unique_ptr<sqlite3_vfs> vfs_;
  std::string last_holder_;
};

}  // namespace tracesift::store
