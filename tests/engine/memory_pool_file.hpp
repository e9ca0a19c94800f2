// Pooled files in memory for the storage tests, with the failures the browser can produce:
// a worker stopped between two writes (every completed write stays: the OS has it), a power cut
// (writes since the last flush are lost), and a storage quota running out.
#pragma once

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "engine/error.hpp"
#include "engine/store/handle_pool.hpp"
#include "engine/store/pool_file.hpp"

namespace tracesift::test {

/// What happens to the pool's files: shared by all of them.
struct Disk {
  std::vector<std::string> current;  ///< each file's bytes as the process sees them
  std::vector<std::string> durable;  ///< each file's bytes as of its last flush
  int64_t ops_left = -1;             ///< calls before the process "dies" (-1: never)
  bool dead = false;                 ///< after death every call fails and changes nothing
  int64_t quota = -1;                ///< most bytes all files may hold together (-1: no limit)
  int64_t writes = 0;                ///< write/truncate calls so far
  int64_t flushes = 0;               ///< flush calls so far

  explicit Disk(size_t files) : current(files), durable(files) {}
  int64_t used() const {
    int64_t n = 0;
    for (const auto& f : current) n += static_cast<int64_t>(f.size());
    return n;
  }
};

/// One pooled file of a Disk.
class MemoryPoolFile : public store::PoolFile {
 public:
  MemoryPoolFile(std::shared_ptr<Disk> disk, size_t index) : disk_(std::move(disk)), i_(index) {}

  size_t read(int64_t offset, void* dst, size_t n) override {
    step();
    const std::string& f = disk_->current[i_];
    if (offset >= static_cast<int64_t>(f.size())) return 0;
    const size_t got = std::min(n, f.size() - static_cast<size_t>(offset));
    std::memcpy(dst, f.data() + offset, got);
    return got;
  }
  void write(int64_t offset, const void* src, size_t n) override {
    step();
    std::string& f = disk_->current[i_];
    const size_t end = static_cast<size_t>(offset) + n;
    if (end > f.size()) grow(end);
    std::memcpy(f.data() + offset, src, n);
    ++disk_->writes;
  }
  void truncate(int64_t size) override {
    step();
    if (static_cast<size_t>(size) > disk_->current[i_].size()) grow(static_cast<size_t>(size));
    disk_->current[i_].resize(static_cast<size_t>(size));
    ++disk_->writes;
  }
  int64_t size() override {
    step();
    return static_cast<int64_t>(disk_->current[i_].size());
  }
  void flush() override {
    step();
    disk_->durable[i_] = disk_->current[i_];
    ++disk_->flushes;
  }

 private:
  void step() {
    if (disk_->dead) throw Error(Errc::storage, "the worker was stopped", {}, SQLITE_IOERR);
    if (disk_->ops_left == 0) {
      disk_->dead = true;
      throw Error(Errc::storage, "the worker was stopped", {}, SQLITE_IOERR);
    }
    if (disk_->ops_left > 0) --disk_->ops_left;
  }
  void grow(size_t end) {
    const int64_t more = static_cast<int64_t>(end - disk_->current[i_].size());
    if (disk_->quota >= 0 && disk_->used() + more > disk_->quota)
      throw Error(Errc::storage, "the storage quota is exhausted (QuotaExceededError)", {}, SQLITE_FULL);
    disk_->current[i_].resize(end);
  }

  std::shared_ptr<Disk> disk_;
  size_t i_;
};

/// A HandlePool over the files of `disk`.
inline std::unique_ptr<store::HandlePool> memory_pool(const std::shared_ptr<Disk>& disk) {
  std::vector<std::unique_ptr<store::PoolFile>> files;
  for (size_t i = 0; i < disk->current.size(); ++i) files.push_back(std::make_unique<MemoryPoolFile>(disk, i));
  return std::make_unique<store::HandlePool>(std::move(files));
}

}  // namespace tracesift::test
