#include "sqlite.hpp"

#include <sqlite3.h>

#include <utility>

#include "../error.hpp"

namespace tracesift::store {

namespace {

// What the storage layer said about its last failure, as " (...)" or "" (e.g. the pool VFS:
// "the browser's storage quota for this site is exhausted ...").
std::string vfs_detail(sqlite3_vfs* vfs, int rc) {
  const int primary = rc & 0xFF;
  if (!vfs || !vfs->xGetLastError ||
      (primary != SQLITE_IOERR && primary != SQLITE_FULL && primary != SQLITE_CANTOPEN && primary != SQLITE_BUSY))
    return {};
  char detail[512] = {0};
  vfs->xGetLastError(vfs, static_cast<int>(sizeof detail), detail);
  return detail[0] != '\0' ? " (" + std::string(detail) + ")" : std::string();
}

// The VFS of `db`'s main database, or null.
sqlite3_vfs* vfs_of(sqlite3* db) {
  sqlite3_vfs* vfs = nullptr;
  if (!db || sqlite3_file_control(db, "main", SQLITE_FCNTL_VFS_POINTER, &vfs) != SQLITE_OK) return nullptr;
  return vfs;
}

}  // namespace

void throw_sqlite(sqlite3* db, int rc, std::string_view context) {
  std::string message(context);
  message += ": ";
  message += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const int extended = db ? sqlite3_extended_errcode(db) : rc;
  if ((rc & 0xFF) == SQLITE_BUSY) {
    // The locking VFS (store/locking_vfs.hpp) says who holds the lock.
    throw Error(Errc::locked, "the database is in use by another process" + vfs_detail(vfs_of(db), rc), {}, extended);
  }
  message += vfs_detail(vfs_of(db), rc);
  if ((rc & 0xFF) == SQLITE_NOTADB) {
    throw Error(Errc::not_a_database, message, {}, extended);
  }
  throw Error(Errc::storage, message, {}, extended);
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  const int rc =
      sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) throw_sqlite(db, rc, "preparing a statement");
}

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

namespace {
void check_bind(sqlite3* db, int rc) {
  if (rc != SQLITE_OK) throw_sqlite(db, rc, "binding a parameter");
}
}  // namespace

void Statement::bind_null(int i) {
  check_bind(db_, sqlite3_bind_null(stmt_, i));
}
void Statement::bind_int(int i, int64_t v) {
  check_bind(db_, sqlite3_bind_int64(stmt_, i, v));
}
void Statement::bind_double(int i, double v) {
  check_bind(db_, sqlite3_bind_double(stmt_, i, v));
}
void Statement::bind_text(int i, std::string_view v) {
  check_bind(db_, sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8));
}
void Statement::bind_blob(int i, std::string_view v) {
  check_bind(db_, sqlite3_bind_blob64(stmt_, i, v.data(), v.size(), SQLITE_STATIC));
}
void Statement::bind_opt_text(int i, const std::optional<std::string>& v) {
  if (v) {
    bind_text(i, *v);
  } else {
    bind_null(i);
  }
}
void Statement::bind_opt_int(int i, const std::optional<int64_t>& v) {
  if (v) {
    bind_int(i, *v);
  } else {
    bind_null(i);
  }
}
void Statement::bind_opt_double(int i, const std::optional<double>& v) {
  if (v) {
    bind_double(i, *v);
  } else {
    bind_null(i);
  }
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw_sqlite(db_, rc, "running a statement");
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int i) const {
  return sqlite3_column_type(stmt_, i) == SQLITE_NULL;
}
int64_t Statement::column_int(int i) const {
  return sqlite3_column_int64(stmt_, i);
}
double Statement::column_double(int i) const {
  return sqlite3_column_double(stmt_, i);
}
std::string_view Statement::column_text(int i) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
  return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, i))) : std::string_view();
}
std::string_view Statement::column_blob(int i) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, i));
  return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, i))) : std::string_view();
}
std::optional<std::string> Statement::column_opt_text(int i) const {
  if (is_null(i)) return std::nullopt;
  return std::string(column_text(i));
}
std::optional<int64_t> Statement::column_opt_int(int i) const {
  if (is_null(i)) return std::nullopt;
  return column_int(i);
}
std::optional<double> Statement::column_opt_double(int i) const {
  if (is_null(i)) return std::nullopt;
  return column_double(i);
}

Database::Database(const std::string& path, const std::string& vfs) {
  const int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                 vfs.empty() ? nullptr : vfs.c_str());
  if (rc != SQLITE_OK) {
    Error err((rc & 0xFF) == SQLITE_BUSY ? Errc::locked : Errc::storage,
              std::string("opening database '") + path + "': " + sqlite3_errstr(rc) +
                  vfs_detail(sqlite3_vfs_find(vfs.empty() ? nullptr : vfs.c_str()), rc),
              {}, rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw err;
  }
  sqlite3_extended_result_codes(db_, 1);
}

Database::Database(Database&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

Database::~Database() {
  sqlite3_close_v2(db_);
}

void Database::exec(std::string_view sql) {
  const std::string text(sql);
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    sqlite3_free(err);
    throw_sqlite(db_, rc, "executing SQL");
  }
}

int64_t Database::query_int(std::string_view sql, int64_t fallback) {
  Statement st(db_, sql);
  return st.step() ? st.column_int(0) : fallback;
}

int64_t Database::changes() const {
  return sqlite3_changes64(db_);
}

int64_t Database::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

bool Database::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

int64_t Database::data_version() {
  return query_int("PRAGMA data_version");
}

void Database::set_busy_timeout(int64_t ms) {
  const int clamped = ms <= 0 ? 0 : ms > 2'000'000'000 ? 2'000'000'000 : static_cast<int>(ms);
  sqlite3_busy_timeout(db_, clamped);
}

Transaction::Transaction(Database& db) : db_(db) {
  db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (open_ && db_.in_transaction()) {
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

ReadTransaction::ReadTransaction(Database& db) : db_(db) {
  if (db_.in_transaction()) return;
  db_.exec("BEGIN");
  began_ = true;
}

ReadTransaction::~ReadTransaction() {
  if (began_ && db_.in_transaction()) sqlite3_exec(db_.handle(), "COMMIT", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  open_ = false;
}

}  // namespace tracesift::store
