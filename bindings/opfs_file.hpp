// The browser's pooled files: OPFS FileSystemSyncAccessHandles that the worker opened before the
// engine and put in `Module.tsOpfsPool.handles` (worker/src/opfs_pool.ts).
#pragma once

#include <memory>

#include "engine/store/pool_vfs.hpp"

namespace tracesift::bindings {

/// Name of the VFS over the OPFS pool.
inline constexpr const char* kOpfsVfs = "opfs-pool";

/// Registers the VFS over the first `handles` handles of the JS pool table, replacing the one
/// registered before (no database may still be open in it).
store::PoolVfs& install_opfs_pool(int handles);

}  // namespace tracesift::bindings
