// The whole database as a file: the download (engine/store/db_snapshot) and opening a file in
// place of the database (engine/store/db_restore), with files that are not ours refused unchanged.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <fstream>
#include <string>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "engine/store/pool_vfs.hpp"
#include "engine_reads.hpp"
#include "memory_pool_file.hpp"
#include "random_spans.hpp"
#include "requests.hpp"
#include "temp_path.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_db_file {

using namespace tracesift;

namespace {

std::string snapshot_of(Engine& engine, size_t piece = 100'000) {
  auto snapshot = engine.begin_snapshot();
  std::string out;
  while (snapshot->next(out, piece)) {
  }
  CHECK(static_cast<int64_t>(out.size()) == snapshot->total_bytes());
  return out;
}

void import_spans(Engine& engine, uint64_t seed, int n) {
  auto session = engine.begin_import({.file_name = "s.jsonl"});
  session->feed(test::random_spans_jsonl(seed, n));
  session->finish();
}

Errc restore_error(Engine& engine, const std::string& bytes) {
  try {
    engine.restore(bytes);
  } catch (const Error& e) {
    return e.code();
  }
  return Errc::internal;
}

}  // namespace

TEST_CASE("a snapshot of an in-memory database opens as a database file", "[dbfile]") {
  Engine memory(":memory:");
  import_spans(memory, 11, 300);
  memory.add_rule(test::rule(R"({"dataset": "d", "name": "all", "filter": {}, "sample_rate": 1})"));
  const std::string bytes = snapshot_of(memory, 20'000);  // many pieces
  test::TempPath path("snapshot");
  std::ofstream(path.str(), std::ios::binary) << bytes;
  Engine file(path.str());
  CHECK(test::integrity(file) == "ok");
  CHECK(file.count({}) == 300);
  CHECK(file.rules("").size() == 1);
}

TEST_CASE("restore replaces a database with a snapshot, in memory and in a pool", "[dbfile]") {
  Engine source(":memory:");
  import_spans(source, 12, 250);
  const std::string bytes = snapshot_of(source);

  SECTION("in memory, with different page sizes") {
    Engine target(":memory:", {.page_size = 4096});
    import_spans(target, 13, 10);
    CHECK(target.restore(bytes) == 250);
    CHECK(target.count({}) == 250);
    CHECK(test::integrity(target) == "ok");
    import_spans(target, 14, 5);  // the engine goes on writing
    CHECK(target.count({}) == 255);
  }
  SECTION("in pooled files, surviving a restart") {
    auto disk = std::make_shared<test::Disk>(4);
    {
      store::PoolVfs vfs("restore-pool-1", test::memory_pool(disk));
      EngineOptions options;
      options.vfs = vfs.name();
      options.journal_mode = "TRUNCATE";
      Engine target("/t.db", options);
      import_spans(target, 15, 10);
      CHECK(target.restore(bytes) == 250);
    }
    store::PoolVfs vfs("restore-pool-2", test::memory_pool(disk));
    EngineOptions options;
    options.vfs = vfs.name();
    Engine reopened("/t.db", options);
    CHECK(reopened.count({}) == 250);
    CHECK(test::integrity(reopened) == "ok");
  }
}

TEST_CASE("restore refuses files that are not sound tracesift databases and changes nothing", "[dbfile]") {
  Engine target(":memory:");
  import_spans(target, 16, 20);
  const std::string before = snapshot_of(target);

  CHECK(restore_error(target, "just some text, not a database at all") == Errc::not_a_database);
  CHECK(restore_error(target, std::string(4096, '\0')) == Errc::not_a_database);

  std::string foreign;
  {
    store::Database db(":memory:");
    db.exec("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'x');");
    sqlite3_int64 size = 0;
    unsigned char* data = sqlite3_serialize(db.handle(), "main", &size, 0);
    foreign.assign(reinterpret_cast<const char*>(data), static_cast<size_t>(size));
    sqlite3_free(data);
  }
  CHECK(restore_error(target, foreign) == Errc::not_a_database);

  // Damage where SQLite's structure is (the b-tree header of page 2, a table's root), not in the
  // middle of some record's bytes, which no check of the file's structure can see.
  std::string damaged = before;
  const size_t page = static_cast<size_t>(EngineOptions{}.page_size);
  REQUIRE(damaged.size() > 2 * page);
  for (size_t i = page; i < page + 3000; ++i) damaged[i] = 'x';
  CHECK(restore_error(target, damaged) == Errc::not_a_database);

  std::string newer = before;
  newer[63] = 99;  // user_version (big-endian at offset 60) far beyond this engine's schema
  CHECK(restore_error(target, newer) == Errc::schema_too_new);

  CHECK(target.count({}) == 20);
  CHECK(snapshot_of(target) == before);
}

TEST_CASE("a snapshot refuses to mix two states of the database", "[dbfile]") {
  Engine engine(":memory:");
  import_spans(engine, 17, 100);
  auto snapshot = engine.begin_snapshot();
  std::string out;
  REQUIRE(snapshot->next(out, 16384));
  import_spans(engine, 18, 1);
  try {
    snapshot->next(out, 16384);
    FAIL("the snapshot went on after a write");
  } catch (const Error& e) {
    CHECK(e.code() == Errc::conflict);
  }
}

}  // namespace test_db_file
