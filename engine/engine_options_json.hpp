// Engine options from JSON, as the wasm module and the worker pass them.
#pragma once

#include <string_view>

#include "engine.hpp"

namespace tracesift {

/// EngineOptions from {"vfs", "journal_mode", "synchronous" (strings), "page_size",
/// "cache_size_kib", "import_batch_size", "lock_timeout_ms" (integers)}, every key optional.
/// Throws Error{invalid_argument} naming the key for an unknown or mistyped one, and for a
/// journal_mode or synchronous that is not a plain word (they are spliced into PRAGMA text).
EngineOptions parse_engine_options(std::string_view json_text);

}  // namespace tracesift
