#include "pool_vfs.hpp"

#include <sqlite3.h>

#include <cstring>
#include <new>
#include <utility>

#include "../error.hpp"

namespace tracesift::store {
namespace {

// SQLite allocates szOsFile bytes per open file; this struct is placement-constructed in them.
struct PoolSqliteFile {
  sqlite3_file base;
  PoolVfs* vfs;
  int slot;
  bool delete_on_close;
  std::string* name;  // owned; a pointer keeps the struct trivially placeable
};

PoolVfs* owner(sqlite3_vfs* vfs) {
  return static_cast<PoolVfs*>(vfs->pAppData);
}
PoolSqliteFile* cast(sqlite3_file* f) {
  return reinterpret_cast<PoolSqliteFile*>(f);
}

// Runs `fn`; an exception becomes `io_code` (or SQLITE_FULL / SQLITE_NOMEM) and its message is
// remembered for xGetLastError. Design note: nothing may unwind through SQLite's C frames.
template <typename Fn>
int guarded(PoolVfs* vfs, int io_code, Fn&& fn) noexcept {
  try {
    return fn();
  } catch (const Error& e) {
    vfs->remember(e.message());
    if ((e.sqlite_code() & 0xFF) == SQLITE_FULL) return SQLITE_FULL;
    if ((e.sqlite_code() & 0xFF) == SQLITE_CANTOPEN) return SQLITE_CANTOPEN;
    return io_code;
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (const std::exception& e) {
    vfs->remember(e.what());
    return io_code;
  } catch (...) {
    return io_code;
  }
}

int x_close(sqlite3_file* f) {
  PoolSqliteFile* file = cast(f);
  const int rc = guarded(file->vfs, SQLITE_IOERR_CLOSE, [&] {
    if (file->delete_on_close) {
      file->vfs->pool().remove(*file->name);
    } else {
      file->vfs->pool().drain(file->slot);
    }
    return SQLITE_OK;
  });
  delete file->name;
  file->name = nullptr;
  return rc;
}

int x_read(sqlite3_file* f, void* dst, int amount, sqlite3_int64 offset) {
  PoolSqliteFile* file = cast(f);
  return guarded(file->vfs, SQLITE_IOERR_READ, [&] {
    const size_t n = static_cast<size_t>(amount);
    const size_t got = file->vfs->pool().read(file->slot, offset, dst, n);
    if (got < n) {
      // SQLite requires the rest of a short read to be zeroed.
      std::memset(static_cast<char*>(dst) + got, 0, n - got);
      return SQLITE_IOERR_SHORT_READ;
    }
    return SQLITE_OK;
  });
}

int x_write(sqlite3_file* f, const void* src, int amount, sqlite3_int64 offset) {
  PoolSqliteFile* file = cast(f);
  return guarded(file->vfs, SQLITE_IOERR_WRITE, [&] {
    file->vfs->pool().write(file->slot, offset, src, static_cast<size_t>(amount));
    return SQLITE_OK;
  });
}

int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  PoolSqliteFile* file = cast(f);
  return guarded(file->vfs, SQLITE_IOERR_TRUNCATE, [&] {
    file->vfs->pool().truncate(file->slot, size);
    return SQLITE_OK;
  });
}

int x_sync(sqlite3_file* f, int) {
  PoolSqliteFile* file = cast(f);
  return guarded(file->vfs, SQLITE_IOERR_FSYNC, [&] {
    file->vfs->pool().flush(file->slot);
    return SQLITE_OK;
  });
}

int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
  PoolSqliteFile* file = cast(f);
  return guarded(file->vfs, SQLITE_IOERR_FSTAT, [&] {
    *size = file->vfs->pool().size(file->slot);
    return SQLITE_OK;
  });
}

// Design note: one connection uses the pool (the worker holds a Web Lock, and the browser grants
// a sync access handle to one holder only), so locking is a no-op and nobody else holds RESERVED.
int x_lock(sqlite3_file*, int) {
  return SQLITE_OK;
}
int x_unlock(sqlite3_file*, int) {
  return SQLITE_OK;
}
int x_check_reserved_lock(sqlite3_file*, int* out) {
  *out = 0;
  return SQLITE_OK;
}
int x_file_control(sqlite3_file*, int, void*) {
  return SQLITE_NOTFOUND;
}
int x_sector_size(sqlite3_file*) {
  return 4096;
}
int x_device_characteristics(sqlite3_file*) {
  return SQLITE_IOCAP_UNDELETABLE_WHEN_OPEN;
}

const sqlite3_io_methods kIoMethods = {
    1,  // iVersion: no shared memory (WAL works only with locking_mode=EXCLUSIVE)
    x_close,
    x_read,
    x_write,
    x_truncate,
    x_sync,
    x_file_size,
    x_lock,
    x_unlock,
    x_check_reserved_lock,
    x_file_control,
    x_sector_size,
    x_device_characteristics,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

int x_open(sqlite3_vfs* vfs, const char* z_name, sqlite3_file* f, int flags, int* out_flags) {
  PoolVfs* self = owner(vfs);
  f->pMethods = nullptr;  // SQLite calls xClose only when this is set
  return guarded(self, SQLITE_CANTOPEN, [&] {
    std::string name = z_name ? std::string(z_name) : "/temp-" + std::to_string(self->next_temp_id());
    int slot = self->pool().find(name);
    if (slot < 0) {
      if (!(flags & SQLITE_OPEN_CREATE)) return SQLITE_CANTOPEN;
      slot = self->pool().create(name, static_cast<uint32_t>(flags));
    }
    auto* file = new (f) PoolSqliteFile{};
    file->vfs = self;
    file->slot = slot;
    file->delete_on_close = (flags & SQLITE_OPEN_DELETEONCLOSE) != 0 || z_name == nullptr;
    file->name = new std::string(std::move(name));
    f->pMethods = &kIoMethods;
    if (out_flags) *out_flags = flags;
    return SQLITE_OK;
  });
}

int x_delete(sqlite3_vfs* vfs, const char* name, int) {
  PoolVfs* self = owner(vfs);
  return guarded(self, SQLITE_IOERR_DELETE, [&] {
    self->pool().remove(name);
    return SQLITE_OK;
  });
}

int x_access(sqlite3_vfs* vfs, const char* name, int, int* out) {
  *out = owner(vfs)->pool().find(name) >= 0 ? 1 : 0;
  return SQLITE_OK;
}

int x_full_pathname(sqlite3_vfs*, const char* name, int n_out, char* out) {
  std::string full = name[0] == '/' ? std::string(name) : "/" + std::string(name);
  if (static_cast<int>(full.size()) >= n_out) return SQLITE_CANTOPEN;
  std::memcpy(out, full.c_str(), full.size() + 1);
  return SQLITE_OK;
}

// Randomness, sleep and time come from the default VFS.
sqlite3_vfs* fallback() {
  return sqlite3_vfs_find(nullptr);
}
int x_randomness(sqlite3_vfs*, int n, char* out) {
  return fallback()->xRandomness(fallback(), n, out);
}
int x_sleep(sqlite3_vfs*, int us) {
  return fallback()->xSleep(fallback(), us);
}
int x_current_time(sqlite3_vfs*, double* out) {
  return fallback()->xCurrentTime(fallback(), out);
}
int x_get_last_error(sqlite3_vfs* vfs, int n, char* out) {
  const std::string message = owner(vfs)->take_last_error();
  if (n > 0) {
    const size_t len = std::min(message.size(), static_cast<size_t>(n - 1));
    std::memcpy(out, message.data(), len);
    out[len] = '\0';
  }
  return message.empty() ? 0 : 1;
}
int x_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
  sqlite3_vfs* d = fallback();
  if (d->iVersion >= 2 && d->xCurrentTimeInt64) return d->xCurrentTimeInt64(d, out);
  double days = 0;
  const int rc = d->xCurrentTime(d, &days);
  *out = static_cast<sqlite3_int64>(days * 86400000.0);
  return rc;
}

}  // namespace

PoolVfs::PoolVfs(std::string name, std::unique_ptr<HandlePool> pool)
    : name_(std::move(name)), pool_(std::move(pool)), vfs_(std::make_unique<sqlite3_vfs>()) {
  if (sqlite3_vfs_find(name_.c_str()))
    throw Error(Errc::storage, "a storage VFS named '" + name_ + "' is already registered");
  sqlite3_vfs& v = *vfs_;
  std::memset(&v, 0, sizeof v);
  v.iVersion = 2;
  v.szOsFile = static_cast<int>(sizeof(PoolSqliteFile));
  v.mxPathname = static_cast<int>(HandlePool::kMaxName);
  v.zName = name_.c_str();
  v.pAppData = this;
  v.xOpen = x_open;
  v.xDelete = x_delete;
  v.xAccess = x_access;
  v.xFullPathname = x_full_pathname;
  v.xRandomness = x_randomness;
  v.xSleep = x_sleep;
  v.xCurrentTime = x_current_time;
  v.xGetLastError = x_get_last_error;
  v.xCurrentTimeInt64 = x_current_time_int64;
  const int rc = sqlite3_vfs_register(&v, 0);
  if (rc != SQLITE_OK) throw Error(Errc::storage, "registering the storage VFS '" + name_ + "' failed", {}, rc);
}

PoolVfs::~PoolVfs() {
  sqlite3_vfs_unregister(vfs_.get());
}

}  // namespace tracesift::store
