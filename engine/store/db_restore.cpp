#include "db_restore.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "../error.hpp"
#include "schema.hpp"

namespace tracesift::store {
namespace {

constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};

// The file as a private in-memory database (a copy: checking and converting it never touch the
// caller's bytes).
Database open_copy(std::string_view bytes) {
  Database copy(":memory:");
  auto* buf = static_cast<unsigned char*>(sqlite3_malloc64(bytes.size()));
  if (!buf) throw Error(Errc::storage, "out of memory reading the database file", {}, SQLITE_NOMEM);
  std::memcpy(buf, bytes.data(), bytes.size());
  // A WAL-mode file opens as a rollback-journal one (there is no WAL beside it to read).
  if (buf[18] == 2) buf[18] = 1;
  if (buf[19] == 2) buf[19] = 1;
  const int rc = sqlite3_deserialize(copy.handle(), "main", buf, static_cast<sqlite3_int64>(bytes.size()),
                                     static_cast<sqlite3_int64>(bytes.size()),
                                     SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
  if (rc != SQLITE_OK) throw_sqlite(copy.handle(), rc, "reading the database file");
  return copy;
}

// Copies every page of `from` into `to` in one transaction of `to` (SQLite's backup API).
void copy_all(Database& to, Database& from) {
  std::unique_ptr<sqlite3_backup, int (*)(sqlite3_backup*)> backup(
      sqlite3_backup_init(to.handle(), "main", from.handle(), "main"), sqlite3_backup_finish);
  if (!backup) throw_sqlite(to.handle(), sqlite3_errcode(to.handle()), "replacing the database");
  const int rc = sqlite3_backup_step(backup.get(), -1);
  if (rc != SQLITE_DONE) {
    // The backup reports its errors on the destination only when finished.
    sqlite3_backup_finish(backup.release());
    throw_sqlite(to.handle(), rc, "replacing the database");
  }
  const int finish = sqlite3_backup_finish(backup.release());
  if (finish != SQLITE_OK) throw_sqlite(to.handle(), finish, "replacing the database");
}

}  // namespace

void restore_database(Database& db, std::string_view bytes) {
  if (bytes.size() < 512 || bytes.substr(0, kSqliteMagic.size()) != kSqliteMagic)
    throw Error(Errc::not_a_database, "the file is not a SQLite database (it does not start with SQLite's header)");
  Database source = [&] {
    try {
      Database copy = open_copy(bytes);
      Statement check = copy.prepare("PRAGMA quick_check(1)");
      if (!check.step() || check.column_text(0) != "ok")
        throw Error(Errc::not_a_database,
                    "the file is a damaged SQLite database (quick_check: " + std::string(check.column_text(0)) + ")");
      return copy;
    } catch (const Error& e) {
      if (e.code() == Errc::storage)
        throw Error(Errc::not_a_database, "the file could not be read as a SQLite database: " + e.message(), {},
                    e.sqlite_code());
      throw;
    }
  }();
  if (source.query_int("PRAGMA application_id") != kApplicationId)
    throw Error(Errc::not_a_database,
                "the file is a SQLite database but not a tracesift database (its application id is not tracesift's)");
  if (source.query_int("PRAGMA user_version") > current_schema_version())
    throw Error(Errc::schema_too_new, "the database file has schema version " +
                                          std::to_string(source.query_int("PRAGMA user_version")) +
                                          " but this engine knows only up to " +
                                          std::to_string(current_schema_version()) + "; upgrade tracesift");
  // SQLite's backup cannot change the page size of an in-memory or WAL destination, and VACUUM
  // cannot change that of an in-memory or temporary database: the copy goes through a file.
  const int64_t page_size = db.query_int("PRAGMA page_size");
  if (source.query_int("PRAGMA page_size") != page_size) {
    const std::string path = "/tmp/tracesift-restore-" + std::to_string(reinterpret_cast<uintptr_t>(&db)) + ".db";
    std::remove(path.c_str());
    try {
      Database converted(path);
      copy_all(converted, source);
      converted.exec("PRAGMA page_size = " + std::to_string(page_size));
      converted.exec("VACUUM");
      if (converted.query_int("PRAGMA page_size") != page_size)
        throw Error(Errc::storage,
                    "the database file's page size could not be converted to " + std::to_string(page_size));
      copy_all(db, converted);
    } catch (...) {
      std::remove(path.c_str());
      throw;
    }
    std::remove(path.c_str());
    return;
  }
  copy_all(db, source);
}

}  // namespace tracesift::store
