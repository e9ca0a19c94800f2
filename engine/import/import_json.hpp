// An import's progress and report as JSON text (docs/CONTRACT.md), for the bindings and the CLI.
#pragma once

#include <string>

#include "import_session.hpp"

namespace tracesift::import {

/// {"bytes", "read", "imported", "updated", "skipped", "errors", "captured"} (counts).
std::string progress_json(const ImportProgress& p);

/// {"format", "read", "imported", "updated", "skipped", "errors": [{"file", "line", "code", "field"
/// (null when none), "message"}], "error_count", "bytes", "cancelled", "captured"}.
std::string report_json(const ImportReport& r);

}  // namespace tracesift::import
