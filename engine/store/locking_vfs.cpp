#include "locking_vfs.hpp"

#include <sqlite3.h>

#include <cstddef>
#include <cstring>
#include <new>

#include "../error.hpp"

namespace tracesift::store {
// Design note: a named namespace (not only an anonymous one): pool_vfs.cpp's helpers have the
// same names, and the engine is compiled several files to a unit.
namespace locking_io {
namespace {

// The file SQLite allocates (szOsFile bytes): this header, then the base VFS's own file.
struct LockingFile {
  sqlite3_file base;   // io methods: ours
  LockingVfs* owner;   // the VFS (its host lock)
  sqlite3_file* real;  // the base VFS's file, right after this header
  std::string* path;   // the main database's path (owned), or null: journals are not locked
  bool held;           // this connection holds the host lock
};

constexpr size_t kHeader =
    (sizeof(LockingFile) + alignof(std::max_align_t) - 1) / alignof(std::max_align_t) * alignof(std::max_align_t);

LockingVfs* owner_of(sqlite3_vfs* vfs) {
  return static_cast<LockingVfs*>(vfs->pAppData);
}
sqlite3_vfs* base_of(sqlite3_vfs* vfs) {
  return owner_of(vfs)->base();
}
LockingFile* cast(sqlite3_file* f) {
  return reinterpret_cast<LockingFile*>(f);
}

// --- the file: every call goes to the base file, locks also to the host lock -----------------

int x_close(sqlite3_file* f) {
  LockingFile* file = cast(f);
  const int rc = file->real->pMethods ? file->real->pMethods->xClose(file->real) : SQLITE_OK;
  if (file->held) {
    file->owner->lock().unlock(*file->path);
    file->held = false;
  }
  delete file->path;
  file->path = nullptr;
  return rc;
}
int x_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 at) {
  return cast(f)->real->pMethods->xRead(cast(f)->real, buf, n, at);
}
int x_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 at) {
  return cast(f)->real->pMethods->xWrite(cast(f)->real, buf, n, at);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  return cast(f)->real->pMethods->xTruncate(cast(f)->real, size);
}
int x_sync(sqlite3_file* f, int flags) {
  return cast(f)->real->pMethods->xSync(cast(f)->real, flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
  return cast(f)->real->pMethods->xFileSize(cast(f)->real, size);
}

// SQLite asks for SHARED before it reads and climbs to EXCLUSIVE to write; the host lock is
// taken with the first and kept until SQLite comes back to NONE (the transaction's end).
int x_lock(sqlite3_file* f, int level) {
  LockingFile* file = cast(f);
  if (file->path && level >= SQLITE_LOCK_SHARED && !file->held) {
    HostLock& lock = file->owner->lock();
    bool taken = false;
    try {
      taken = lock.try_lock(*file->path);
      if (!taken) file->owner->remember_holder(lock.holder(*file->path));
    } catch (const std::exception& e) {
      file->owner->remember_holder(e.what());
      return SQLITE_IOERR_LOCK;
    }
    if (!taken) return SQLITE_BUSY;
    file->held = true;
  }
  const int rc = file->real->pMethods->xLock(file->real, level);
  if (rc != SQLITE_OK && file->path && file->held && level == SQLITE_LOCK_SHARED) {
    file->owner->lock().unlock(*file->path);
    file->held = false;
  }
  return rc;
}
int x_unlock(sqlite3_file* f, int level) {
  LockingFile* file = cast(f);
  const int rc = file->real->pMethods->xUnlock(file->real, level);
  if (file->path && level == SQLITE_LOCK_NONE && file->held) {
    try {
      file->owner->lock().unlock(*file->path);
    } catch (...) {
      // A lock that cannot be let go of (its file already gone) is not held any more either.
    }
    file->held = false;
  }
  return rc;
}
// Design note: while this connection holds SHARED it holds the host lock, so no other process
// can hold RESERVED (SQLite asks when it finds a journal: is it hot?). The base VFS answers for
// the connections of this process.
int x_check_reserved(sqlite3_file* f, int* out) {
  return cast(f)->real->pMethods->xCheckReservedLock(cast(f)->real, out);
}
int x_file_control(sqlite3_file* f, int op, void* arg) {
  return cast(f)->real->pMethods->xFileControl(cast(f)->real, op, arg);
}
int x_sector_size(sqlite3_file* f) {
  return cast(f)->real->pMethods->xSectorSize(cast(f)->real);
}
int x_device_characteristics(sqlite3_file* f) {
  return cast(f)->real->pMethods->xDeviceCharacteristics(cast(f)->real);
}

// Version 1: no shared memory (no WAL between processes) and no memory mapping.
const sqlite3_io_methods kMethods = {
    1,
    x_close,
    x_read,
    x_write,
    x_truncate,
    x_sync,
    x_file_size,
    x_lock,
    x_unlock,
    x_check_reserved,
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

// --- the VFS: the base VFS's, but for opening files and sleeping ------------------------------

int x_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  LockingFile* file = cast(f);
  file->base.pMethods = nullptr;
  file->owner = owner_of(vfs);
  file->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + kHeader);
  file->path = nullptr;
  file->held = false;
  sqlite3_vfs* base = base_of(vfs);
  const int rc = base->xOpen(base, name, file->real, flags, out_flags);
  if (rc != SQLITE_OK) return rc;
  if ((flags & SQLITE_OPEN_MAIN_DB) && name) {
    file->path = new (std::nothrow) std::string(name);
    if (!file->path) {
      file->real->pMethods->xClose(file->real);
      return SQLITE_NOMEM;
    }
  }
  file->base.pMethods = &kMethods;
  return SQLITE_OK;
}
int x_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  return base_of(vfs)->xDelete(base_of(vfs), name, sync_dir);
}
int x_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return base_of(vfs)->xAccess(base_of(vfs), name, flags, out);
}
int x_full_pathname(sqlite3_vfs* vfs, const char* name, int n, char* out) {
  return base_of(vfs)->xFullPathname(base_of(vfs), name, n, out);
}
int x_randomness(sqlite3_vfs* vfs, int n, char* out) {
  return base_of(vfs)->xRandomness(base_of(vfs), n, out);
}
int x_sleep(sqlite3_vfs* vfs, int microseconds) {
  try {
    owner_of(vfs)->lock().sleep_ms(microseconds < 1000 ? 1 : microseconds / 1000);
  } catch (...) {
    // A sleep that failed only shortens the wait.
  }
  return microseconds;
}
int x_current_time(sqlite3_vfs* vfs, double* out) {
  return base_of(vfs)->xCurrentTime(base_of(vfs), out);
}
int x_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  sqlite3_vfs* base = base_of(vfs);
  if (base->iVersion >= 2 && base->xCurrentTimeInt64) return base->xCurrentTimeInt64(base, out);
  double days = 0;
  const int rc = base->xCurrentTime(base, &days);
  *out = static_cast<sqlite3_int64>(days * 86400000.0);
  return rc;
}
// SQLite asks after an error; for a refused lock the answer is who holds it.
int x_get_last_error(sqlite3_vfs* vfs, int n, char* out) {
  const std::string& holder = owner_of(vfs)->last_holder();
  if (n <= 0) return 0;
  std::strncpy(out, holder.c_str(), static_cast<size_t>(n) - 1);
  out[n - 1] = '\0';
  return 0;
}

}  // namespace
}  // namespace locking_io

LockingVfs::LockingVfs(std::string name, const std::string& base, HostLock& lock)
    : name_(std::move(name)), lock_(lock), vfs_(std::make_unique<sqlite3_vfs>()) {
  sqlite3_vfs* real = sqlite3_vfs_find(base.c_str());
  if (!real) throw Error(Errc::storage, "no sqlite3 VFS named '" + base + "' to lock files over");
  if (sqlite3_vfs_find(name_.c_str()))
    throw Error(Errc::storage, "a sqlite3 VFS named '" + name_ + "' is registered already");
  base_ = real;
  sqlite3_vfs& v = *vfs_;
  std::memset(&v, 0, sizeof v);
  v.iVersion = 2;
  v.szOsFile = static_cast<int>(locking_io::kHeader) + real->szOsFile;
  v.mxPathname = real->mxPathname;
  v.zName = name_.c_str();
  v.pAppData = this;
  v.xOpen = locking_io::x_open;
  v.xDelete = locking_io::x_delete;
  v.xAccess = locking_io::x_access;
  v.xFullPathname = locking_io::x_full_pathname;
  v.xRandomness = locking_io::x_randomness;
  v.xSleep = locking_io::x_sleep;
  v.xCurrentTime = locking_io::x_current_time;
  v.xGetLastError = locking_io::x_get_last_error;
  v.xCurrentTimeInt64 = locking_io::x_current_time_int64;
  const int rc = sqlite3_vfs_register(&v, 0);
  if (rc != SQLITE_OK) {
    throw Error(Errc::storage, std::string("registering the locking VFS failed: ") + sqlite3_errstr(rc), {}, rc);
  }
}

LockingVfs::~LockingVfs() {
  sqlite3_vfs_unregister(vfs_.get());
}

}  // namespace tracesift::store
