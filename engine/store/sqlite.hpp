// A thin RAII layer over SQLite's C API: a connection, prepared statements, transactions.
// Every SQLite failure becomes an Error{Errc::storage} carrying SQLite's extended result code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace tracesift::store {

/// A prepared statement. Bind with 1-based indexes, step, read columns with 0-based indexes.
class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, std::string_view sql);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  /// Binds NULL.
  void bind_null(int index);
  /// Binds a 64-bit integer.
  void bind_int(int index, int64_t value);
  /// Binds a double.
  void bind_double(int index, double value);
  /// Binds text without copying it: `value` must stay valid until the statement is reset or
  /// rebound (the import binds 1 KB per span; a copy measurably slowed it).
  void bind_text(int index, std::string_view value);
  /// Binds a blob without copying it (valid as for bind_text).
  void bind_blob(int index, std::string_view value);
  /// Binds text or NULL.
  void bind_opt_text(int index, const std::optional<std::string>& value);
  /// Binds an integer or NULL.
  void bind_opt_int(int index, const std::optional<int64_t>& value);
  /// Binds a double or NULL.
  void bind_opt_double(int index, const std::optional<double>& value);

  /// Steps once: true when a row is available, false when done. Throws on error.
  bool step();
  /// Resets the statement and clears its bindings so it can run again.
  void reset();

  /// True when column `i` of the current row is NULL.
  bool is_null(int i) const;
  /// Column `i` as an integer.
  int64_t column_int(int i) const;
  /// Column `i` as a double.
  double column_double(int i) const;
  /// Column `i` as text (valid until the next step/reset).
  std::string_view column_text(int i) const;
  /// Column `i` as a blob (valid until the next step/reset).
  std::string_view column_blob(int i) const;
  /// Column `i` as text, or nullopt when NULL.
  std::optional<std::string> column_opt_text(int i) const;
  /// Column `i` as an integer, or nullopt when NULL.
  std::optional<int64_t> column_opt_int(int i) const;
  /// Column `i` as a double, or nullopt when NULL.
  std::optional<double> column_opt_double(int i) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

/// An open SQLite connection.
class Database {
 public:
  /// Opens (creating if missing) the database at `path`; ":memory:" gives a private in-memory one.
  /// `vfs` names the sqlite3 VFS to open it in ("" = the default file system).
  explicit Database(const std::string& path, const std::string& vfs = {});
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  /// Runs one or more statements that return no rows.
  void exec(std::string_view sql);
  /// Prepares a statement.
  Statement prepare(std::string_view sql) { return Statement(db_, sql); }
  /// The single integer a query returns (e.g. a PRAGMA), or `fallback` when it returns no row.
  int64_t query_int(std::string_view sql, int64_t fallback = 0);
  /// Number of rows changed by the last statement.
  int64_t changes() const;
  /// The rowid of the last successful INSERT.
  int64_t last_insert_rowid() const;
  /// True while a transaction is open.
  bool in_transaction() const;
  /// PRAGMA data_version: changes when another connection (or process) commits to the file.
  int64_t data_version();
  /// How long a statement waits for another connection's lock before failing (0: not at all).
  void set_busy_timeout(int64_t ms);
  /// The raw handle, for the few callers that need SQLite directly.
  sqlite3* handle() const noexcept { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

/// A transaction that rolls back unless committed (BEGIN IMMEDIATE ... COMMIT).
class Transaction {
 public:
  /// Begins a transaction on `db`.
  explicit Transaction(Database& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  /// Commits; after this the destructor does nothing.
  void commit();

 private:
  Database& db_;
  bool open_ = true;
};

/// A read transaction (BEGIN ... COMMIT): the statements inside see one committed state, and the
/// database file's lock (store/locking_vfs.hpp) is taken once for all of them. Inside another
/// transaction it does nothing.
class ReadTransaction {
 public:
  /// Begins a deferred transaction on `db` unless one is open.
  explicit ReadTransaction(Database& db);
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  /// Ends it (nothing was written, so this only lets go of the lock).
  ~ReadTransaction();

 private:
  Database& db_;
  bool began_ = false;
};

/// Throws Error{storage} for SQLite result `rc` on `db` with a context prefix.
[[noreturn]] void throw_sqlite(sqlite3* db, int rc, std::string_view context);

}  // namespace tracesift::store
