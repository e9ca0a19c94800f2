// store::HostLock over Module.tsHostLock: each method is one small EM_JS call.
#include "host_lock.hpp"

#include <emscripten.h>

#include <memory>

#include "engine/error.hpp"
#include "engine/store/locking_vfs.hpp"

// The JavaScript bodies are kept from clang-format (it splits ===).
// clang-format off
// 1: taken, 0: held by someone else, -1: failed (ts_lock_error says why).
EM_JS(int, ts_lock_try, (const char* path), {
  const lock = Module["tsHostLock"];
  try {
    return lock.tryLock(UTF8ToString(path)) ? 1 : 0;
  } catch (e) {
    lock.lastError = (e && e.message) || String(e);
    return -1;
  }
});

EM_JS(void, ts_lock_release, (const char* path), {
  try {
    Module["tsHostLock"].unlock(UTF8ToString(path));
  } catch (e) {
    // A lock file that cannot be removed is reported by the next try.
  }
});

EM_JS(void, ts_lock_holder, (const char* path, char* out, int n), {
  let text = "";
  try {
    text = Module["tsHostLock"].holder(UTF8ToString(path)) || "";
  } catch (e) {
    text = "";
  }
  stringToUTF8(text, out, n);
});

EM_JS(void, ts_lock_error, (char* out, int n), {
  stringToUTF8(Module["tsHostLock"].lastError || "", out, n);
});

EM_JS(void, ts_lock_sleep, (int ms), {
  Module["tsHostLock"].sleep(ms);
});
// clang-format on

namespace tracesift::bindings {
namespace {

class JsHostLock : public store::HostLock {
 public:
  bool try_lock(const std::string& path) override {
    const int r = ts_lock_try(path.c_str());
    if (r < 0) {
      char detail[400];
      ts_lock_error(detail, sizeof detail);
      throw Error(Errc::io_error, std::string("taking the database's lock failed: ") + detail);
    }
    return r == 1;
  }
  void unlock(const std::string& path) override { ts_lock_release(path.c_str()); }
  std::string holder(const std::string& path) override {
    char text[600];
    ts_lock_holder(path.c_str(), text, sizeof text);
    return text;
  }
  void sleep_ms(int ms) override { ts_lock_sleep(ms); }
};

JsHostLock g_lock;
std::unique_ptr<store::LockingVfs> g_vfs;

}  // namespace

std::string install_host_lock() {
  // Design note: over "unix-none": emscripten's file systems do no POSIX locking anyway, and the
  // host lock is the one that other processes see.
  if (!g_vfs) g_vfs = std::make_unique<store::LockingVfs>(kHostLockVfs, "unix-none", g_lock);
  return g_vfs->name();
}

}  // namespace tracesift::bindings
