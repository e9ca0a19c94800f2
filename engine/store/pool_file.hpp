// One file of a storage pool: a flat array of bytes that outlives the process. In the browser it
// is an OPFS FileSystemSyncAccessHandle opened before the engine (bindings/opfs_file.cpp); the
// tests use memory (tests/engine/memory_pool_file.hpp).
#pragma once

#include <cstddef>
#include <cstdint>

namespace tracesift::store {

/// A pooled file. Methods throw tracesift::Error{storage} on failure, with `sqlite_code`
/// SQLITE_FULL when the storage quota is exhausted (the pool VFS reports it to SQLite as such).
class PoolFile {
 public:
  virtual ~PoolFile() = default;
  /// Reads up to `n` bytes at `offset` into `dst`; returns how many were read (fewer at the end).
  virtual size_t read(int64_t offset, void* dst, size_t n) = 0;
  /// Writes `n` bytes at `offset`, growing the file when needed.
  virtual void write(int64_t offset, const void* src, size_t n) = 0;
  /// Sets the file's size (shrinking or growing it).
  virtual void truncate(int64_t size) = 0;
  /// The file's size in bytes.
  virtual int64_t size() = 0;
  /// Makes every write so far durable.
  virtual void flush() = 0;
};

}  // namespace tracesift::store
