// The SQLite schema of a tracesift database and its versioned migrations (PRAGMA user_version).
#pragma once

#include <cstdint>

#include "sqlite.hpp"

namespace tracesift::store {

/// `PRAGMA application_id` of every tracesift database ("TSFT").
inline constexpr int64_t kApplicationId = 0x54534654;

/// The schema version this engine writes; migrations bring older databases up to it.
int64_t current_schema_version() noexcept;

/// Checks that `db` is empty or a tracesift database no newer than this engine, then applies the
/// missing migrations in one transaction. Throws not_a_database / schema_too_new without writing
/// anything when the file is not ours.
void prepare_schema(Database& db);

}  // namespace tracesift::store
