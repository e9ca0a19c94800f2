// The lock other processes see on a database file under node (worker/src/file_lock.ts, in
// `Module.tsHostLock`), as the engine's HostLock, and the locking VFS over it.
#pragma once

#include <string>

namespace tracesift::bindings {

/// Name of the VFS whose database files are locked through Module.tsHostLock.
inline constexpr const char* kHostLockVfs = "tracesift-host";

/// Registers the locking VFS over the default file system (once; later calls do nothing);
/// returns its name. Module.tsHostLock must be set before a database is opened in it.
std::string install_host_lock();

}  // namespace tracesift::bindings
