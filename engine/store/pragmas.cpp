// The connection settings and file facts the engine asks SQLite for.
#include "pragmas.hpp"

#include <algorithm>
#include <cctype>

#include "../error.hpp"

namespace tracesift::store {

void set_page_size(Database& db, int64_t bytes) {
  db.exec("PRAGMA page_size = " + std::to_string(bytes));
}

void set_journal_mode(Database& db, const std::string& mode) {
  if (mode == "WAL" || mode == "wal") db.exec("PRAGMA locking_mode = EXCLUSIVE");
  Statement st = db.prepare("PRAGMA journal_mode = " + mode);
  std::string got = st.step() ? std::string(st.column_text(0)) : std::string();
  std::string want = mode;
  for (auto* s : {&got, &want})
    std::transform(s->begin(), s->end(), s->begin(), [](unsigned char c) { return std::tolower(c); });
  if (got != want)
    throw Error(Errc::invalid_argument, "journal mode '" + mode + "' is not available here (got '" + got + "')",
                "journal_mode");
}

void tune_connection(Database& db, int64_t cache_size_kib, const std::string& synchronous) {
  db.exec("PRAGMA cache_size = -" + std::to_string(cache_size_kib));
  db.exec("PRAGMA temp_store = MEMORY");
  db.exec("PRAGMA synchronous = " + synchronous);
}

std::string integrity_check(Database& db) {
  Statement st = db.prepare("PRAGMA integrity_check");
  std::string out;
  while (st.step()) {
    if (!out.empty()) out += '\n';
    out += st.column_text(0);
  }
  return out;
}

int64_t database_bytes(Database& db) {
  return db.query_int("PRAGMA page_count") * db.query_int("PRAGMA page_size");
}

}  // namespace tracesift::store
