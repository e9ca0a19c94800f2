// Replacing a database's contents with a database file (the "open a .sqlite file" of
// docs/STORAGE.md), after checking that the file is a sound tracesift database.
#pragma once

#include <string_view>

#include "sqlite.hpp"

namespace tracesift::store {

/// Replaces everything in `db` with the database file `bytes`. The file must be a SQLite database
/// that passes `PRAGMA quick_check` and carries tracesift's application id with a schema this
/// engine knows; otherwise throws Error{not_a_database} (or {schema_too_new}) and `db` is
/// untouched. The copy is one transaction in `db` (SQLite's backup API), so a crash leaves the old
/// contents or the new, never a mix. The caller brings the schema up to date afterwards.
void restore_database(Database& db, std::string_view bytes);

}  // namespace tracesift::store
