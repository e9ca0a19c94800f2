// The bookkeeping of a storage pool (the "access-handle pool" design of docs/STORAGE.md): a fixed
// set of pooled files opened up front, each either free or holding one SQLite file (the database,
// its journal, ...). Which file a slot holds is written in a header at the start of the pooled
// file, so the mapping survives restarts; the SQLite file's bytes follow the header.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pool_file.hpp"

namespace tracesift::store {

/// Slots over pooled files. Slot numbers are indexes into the files given at construction.
class HandlePool {
 public:
  /// Bytes before a slot's data: the header (name, open flags, sequence number, checksum).
  /// Design note: 4 KiB keeps every database page aligned to 4 KiB in the pooled file.
  static constexpr int64_t kHeaderSize = 4096;
  /// Longest SQLite file name a slot can hold (bytes).
  static constexpr size_t kMaxName = 1024;

  /// Default size of a slot's write buffer (bytes).
  static constexpr size_t kDefaultWriteBuffer = 4 << 20;

  /// Reads every file's header; a header that does not check out (never written, torn, freed)
  /// marks a free slot. When two slots claim one name (a crash between two header writes), the
  /// later one (higher sequence number) wins and the other is free.
  ///
  /// Writes that continue one another are gathered, up to `write_buffer` bytes per slot, and reach
  /// the pooled file as one call at the latest on flush(), truncate(), an overlapping read, or
  /// close. Design note: each OPFS call costs a fixed ~0.1-0.4 ms, and SQLite writes a journaled
  /// page as three calls (page number, page, checksum) and a commit's pages in order, so this
  /// turns thousands of calls per batch into a few (docs/BENCHMARKS.md). Writes SQLite has not
  /// synced may be lost in a crash anyway, so it is safe with synchronous=NORMAL or FULL, never
  /// with OFF (a commit would not flush). 0 turns it off.
  explicit HandlePool(std::vector<std::unique_ptr<PoolFile>> files, size_t write_buffer = kDefaultWriteBuffer);
  /// Writes what is still buffered (errors are dropped: nothing can report them here).
  ~HandlePool();
  HandlePool(HandlePool&&) = default;
  HandlePool& operator=(HandlePool&&) = default;

  /// The slot holding `name`, or -1.
  int find(std::string_view name) const;
  /// Claims a free slot for `name` as an empty file and returns it; throws Error{storage}
  /// (SQLITE_CANTOPEN) when every slot is taken.
  int create(std::string_view name, uint32_t open_flags);
  /// Frees the slot holding `name` (nothing happens when no slot does); its data is dropped.
  void remove(std::string_view name);

  /// Reads up to `n` bytes of slot data at `offset`; returns how many were read.
  size_t read(int slot, int64_t offset, void* dst, size_t n);
  /// Writes `n` bytes of slot data at `offset`.
  void write(int slot, int64_t offset, const void* src, size_t n);
  /// Sets the size of a slot's data.
  void truncate(int slot, int64_t size);
  /// The size of a slot's data (kept in memory: no call to the pooled file).
  int64_t size(int slot) const;
  /// Makes a slot's writes durable.
  void flush(int slot);
  /// Hands a slot's buffered writes to its pooled file (not yet durable).
  void drain(int slot);

  /// The SQLite file name a slot holds ("" when free).
  const std::string& name(int slot) const;
  /// Number of slots.
  int capacity() const noexcept { return static_cast<int>(slots_.size()); }
  /// Names of the files held, in slot order.
  std::vector<std::string> names() const;

 private:
  struct Slot {
    std::unique_ptr<PoolFile> file;
    std::string name;  // empty: free
    uint32_t flags = 0;
    uint64_t seq = 0;
    int64_t data_size = 0;
    std::string pending;         // buffered writes, contiguous from pending_offset
    int64_t pending_offset = 0;  // data offset of pending[0]
  };
  void drain(Slot& slot);
  void write_header(Slot& slot);
  Slot& at(int slot);
  const Slot& at(int slot) const;

  std::vector<Slot> slots_;
  uint64_t next_seq_ = 1;
  size_t write_buffer_;
};

}  // namespace tracesift::store
