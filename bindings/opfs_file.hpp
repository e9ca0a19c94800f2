// The browser's pooled files: OPFS FileSystemSyncAccessHandles that the worker opened before the
// engine and put in `Module.tsOpfsPool.handles` (worker/src/opfs_pool.ts).
#pragma once

#include <memory>

#include "engine/store/pool_vfs.hpp"

namespace tracesift::bindings {

/// Name of the VFS over the OPFS pool.
inline constexpr const char* kOpfsVfs = "opfs-pool";

/// Registers the VFS over the first `handles` handles of the JS pool table (once per module;
/// later calls with the same count return the same VFS).
store::PoolVfs& install_opfs_pool(int handles);

}  // namespace tracesift::bindings
