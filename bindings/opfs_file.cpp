// store::PoolFile over one OPFS sync access handle: each method is one small EM_JS call.
// Design note: a failing call returns -1 (-2 for QuotaExceededError) and leaves the JS error's
// name and message in Module.tsOpfsPool.lastError; C++ turns that into a tracesift::Error.
#include "opfs_file.hpp"

#include <emscripten.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "engine/error.hpp"

// The JavaScript bodies are kept from clang-format (it splits ===).
// clang-format off
// Pointers above 2 GiB arrive as negative numbers: `>>> 0` makes them unsigned.
EM_JS(double, ts_opfs_read, (int slot, void* dst, int n, double at), {
  const pool = Module["tsOpfsPool"];
  try {
    const p = dst >>> 0;
    return pool.handles[slot].read(HEAPU8.subarray(p, p + n), {at : at});
  } catch (e) {
    pool.lastError = e.name + ": " + e.message;
    return e.name === "QuotaExceededError" ? -2 : -1;
  }
});

EM_JS(double, ts_opfs_write, (int slot, const void* src, int n, double at), {
  const pool = Module["tsOpfsPool"];
  try {
    const p = src >>> 0;
    return pool.handles[slot].write(HEAPU8.subarray(p, p + n), {at : at});
  } catch (e) {
    pool.lastError = e.name + ": " + e.message;
    return e.name === "QuotaExceededError" ? -2 : -1;
  }
});

EM_JS(double, ts_opfs_truncate, (int slot, double size), {
  const pool = Module["tsOpfsPool"];
  try {
    pool.handles[slot].truncate(size);
    return 0;
  } catch (e) {
    pool.lastError = e.name + ": " + e.message;
    return e.name === "QuotaExceededError" ? -2 : -1;
  }
});

EM_JS(double, ts_opfs_size, (int slot), {
  const pool = Module["tsOpfsPool"];
  try {
    return pool.handles[slot].getSize();
  } catch (e) {
    pool.lastError = e.name + ": " + e.message;
    return -1;
  }
});

EM_JS(double, ts_opfs_flush, (int slot), {
  const pool = Module["tsOpfsPool"];
  try {
    pool.handles[slot].flush();
    return 0;
  } catch (e) {
    pool.lastError = e.name + ": " + e.message;
    return e.name === "QuotaExceededError" ? -2 : -1;
  }
});

EM_JS(int, ts_opfs_last_error, (char* out, int n), {
  const bytes = new TextEncoder().encode(String(Module["tsOpfsPool"].lastError || ""));
  const len = Math.min(bytes.length, n - 1);
  const p = out >>> 0;
  HEAPU8.set(bytes.subarray(0, len), p);
  HEAPU8[p + len] = 0;
  return len;
});

EM_JS(int, ts_opfs_handle_count, (), {
  const pool = Module["tsOpfsPool"];
  return pool && pool.handles ? pool.handles.length : 0;
});

// clang-format on

namespace tracesift::bindings {
namespace {

class OpfsFile : public store::PoolFile {
 public:
  explicit OpfsFile(int slot) : slot_(slot) {}

  size_t read(int64_t offset, void* dst, size_t n) override {
    return static_cast<size_t>(
        check(ts_opfs_read(slot_, dst, static_cast<int>(n), static_cast<double>(offset)), "reading"));
  }
  void write(int64_t offset, const void* src, size_t n) override {
    const double wrote = check(ts_opfs_write(slot_, src, static_cast<int>(n), static_cast<double>(offset)), "writing");
    if (wrote != static_cast<double>(n))
      throw Error(Errc::storage, "OPFS wrote " + std::to_string(static_cast<int64_t>(wrote)) + " of " +
                                     std::to_string(n) + " bytes to pooled file " + std::to_string(slot_));
  }
  void truncate(int64_t size) override { check(ts_opfs_truncate(slot_, static_cast<double>(size)), "resizing"); }
  int64_t size() override { return static_cast<int64_t>(check(ts_opfs_size(slot_), "sizing")); }
  void flush() override { check(ts_opfs_flush(slot_), "flushing"); }

 private:
  double check(double result, const char* what) const {
    if (result >= 0) return result;
    char detail[300];
    ts_opfs_last_error(detail, sizeof detail);
    const std::string where = std::string(what) + " pooled OPFS file " + std::to_string(slot_);
    if (result == -2)
      throw Error(Errc::storage,
                  "the browser's storage quota for this site is exhausted (" + where + ": " + detail +
                      "); free some space or delete data",
                  {}, SQLITE_FULL);
    throw Error(Errc::storage, "OPFS failed " + where + ": " + detail, {}, SQLITE_IOERR);
  }
  int slot_;
};

std::unique_ptr<store::PoolVfs> g_vfs;

}  // namespace

store::PoolVfs& install_opfs_pool(int handles) {
  // Design note: always a fresh pool: the handles may be new (a reopen), and another tab may
  // have changed the files while this worker did not hold the lock. The caller has closed every
  // database that used the previous pool.
  g_vfs.reset();
  if (handles < 2 || handles > ts_opfs_handle_count())
    throw Error(Errc::invalid_argument, "the OPFS pool needs at least 2 open sync access handles in Module.tsOpfsPool");
  std::vector<std::unique_ptr<store::PoolFile>> files;
  for (int i = 0; i < handles; ++i) files.push_back(std::make_unique<OpfsFile>(i));
  g_vfs = std::make_unique<store::PoolVfs>(kOpfsVfs, std::make_unique<store::HandlePool>(std::move(files)));
  return *g_vfs;
}

}  // namespace tracesift::bindings
