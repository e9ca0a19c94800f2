// The lock on a database file that other processes see. SQLite's own file locks do nothing on
// the wasm file-system layer the CLI and the node package use (emscripten's NODEFS), so the host
// provides this one (a lock file under node: worker/src/file_lock.ts) and LockingVfs asks it.
#pragma once

#include <string>

namespace tracesift::store {

/// One holder's lock on database files, as the host implements it. Calls never block: SQLite's
/// busy handler waits (through sleep_ms) and tries again until its timeout.
class HostLock {
 public:
  virtual ~HostLock() = default;
  /// Takes the lock on the database at `path` for this holder; false when someone else has it
  /// (a lock left by a holder that is gone is taken over).
  virtual bool try_lock(const std::string& path) = 0;
  /// Lets go of the lock on `path` (held by this holder).
  virtual void unlock(const std::string& path) = 0;
  /// Who holds the lock on `path`, for a person ("pid 4242, 'tracesift import a.jsonl', since
  /// 2026-12-06T23:10:01Z"), or "" when nobody does or it cannot be told.
  virtual std::string holder(const std::string& path) = 0;
  /// Waits `ms` milliseconds without using the CPU.
  virtual void sleep_ms(int ms) = 0;
};

}  // namespace tracesift::store
