// The storage pool (engine/store/handle_pool, pool_vfs): slot bookkeeping that survives restarts,
// a database living in pooled files, and what a stopped worker, a power cut or a full quota leave
// behind (integrity_check ok, every committed batch present, hot journals rolled back).
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <memory>
#include <string>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "engine/store/pool_vfs.hpp"
#include "engine_reads.hpp"
#include "memory_pool_file.hpp"
#include "random_spans.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_pool_vfs {

using namespace tracesift;
using test::Disk;

namespace {

constexpr size_t kFiles = 4;
constexpr int kBatch = 40;   // spans per import batch (one transaction each)
constexpr int kBatches = 6;  // batches per import
constexpr uint64_t kJournalMagic = 0xd9d505f920a163d7ULL;

std::string next_vfs_name() {
  static int n = 0;
  return "pool-test-" + std::to_string(++n);
}

EngineOptions pool_options(const store::PoolVfs& vfs, const std::string& journal_mode) {
  EngineOptions options;
  options.vfs = vfs.name();
  options.journal_mode = journal_mode;
  // WAL at NORMAL does not sync on commit, so a commit could stay in the pool's write buffer;
  // the pool is for synchronous=NORMAL with a rollback journal, or FULL (HandlePool).
  if (journal_mode == "WAL") options.synchronous = "FULL";
  options.page_size = 4096;  // many pages per batch: more places to stop
  options.cache_size_kib = 64;
  return options;
}

/// Imports kBatches batches of kBatch spans, each fed (and committed) on its own; returns how
/// many batches committed before the first failure.
int import_batches(Engine& engine, uint64_t seed) {
  int committed = 0;
  try {
    auto session = engine.begin_import({.file_name = "batches.jsonl", .batch_size = kBatch});
    for (int b = 0; b < kBatches; ++b) {
      session->feed(test::random_spans_jsonl(seed * 100 + static_cast<uint64_t>(b), kBatch));
      committed = b + 1;  // a full batch commits before feed returns
    }
    session->finish();
  } catch (const Error&) {
  }
  return committed;
}

/// A fresh Disk of kFiles empty files.
std::shared_ptr<Disk> fresh_disk() {
  return std::make_shared<Disk>(kFiles);
}

/// A copy of `disk`'s files as the next process finds them (`durable`: after a power cut).
std::shared_ptr<Disk> restarted(const Disk& disk, bool durable) {
  auto next = std::make_shared<Disk>(kFiles);
  next->current = durable ? disk.durable : disk.current;
  next->durable = next->current;
  return next;
}

/// True when `disk` holds a journal or WAL that SQLite must roll back or replay on the next open.
bool has_hot_journal(const std::shared_ptr<Disk>& disk) {
  auto pool = test::memory_pool(disk);
  for (const char* name : {"/t.db-journal", "/t.db-wal"}) {
    const int slot = pool->find(name);
    if (slot < 0 || pool->size(slot) < 32) continue;
    unsigned char head[8] = {};
    pool->read(slot, 0, head, 8);
    uint64_t magic = 0;
    for (unsigned char c : head) magic = (magic << 8) | c;
    if (std::string(name).ends_with("-wal") || magic == kJournalMagic) return true;
  }
  return false;
}

struct Reopened {
  std::string integrity;
  int64_t count;
};

Reopened reopen(const std::shared_ptr<Disk>& disk, const std::string& journal_mode) {
  store::PoolVfs vfs(next_vfs_name(), test::memory_pool(disk));
  Engine engine("/t.db", pool_options(vfs, journal_mode));
  return {test::integrity(engine), engine.count({})};
}

}  // namespace

TEST_CASE("pool slots keep their file names across restarts", "[pool]") {
  auto disk = fresh_disk();
  int a = -1;
  int b = -1;
  {
    auto pool = test::memory_pool(disk);
    a = pool->create("/a.db", 0);
    b = pool->create("/a.db-journal", 0);
    CHECK(a != b);
    pool->write(a, 0, "hello", 5);
    pool->write(b, 0, std::string(10000, 'j').data(), 10000);
    CHECK(pool->size(a) == 5);
    CHECK(pool->find("/a.db") == a);
    pool->remove("/a.db-journal");
    CHECK(pool->find("/a.db-journal") == -1);
  }
  // A freed slot gave its space back.
  CHECK(static_cast<int64_t>(disk->current[static_cast<size_t>(b)].size()) == store::HandlePool::kHeaderSize);
  auto pool = test::memory_pool(disk);
  REQUIRE(pool->find("/a.db") == a);
  char buf[8] = {};
  CHECK(pool->read(a, 0, buf, 8) == 5);
  CHECK(std::string(buf, 5) == "hello");
  CHECK(pool->names() == std::vector<std::string>{"/a.db"});
}

TEST_CASE("a torn slot header reads as a free slot, a name claimed twice goes to the later claim", "[pool]") {
  auto disk = fresh_disk();
  {
    auto pool = test::memory_pool(disk);
    pool->create("/x.db", 0);
    pool->create("/y.db", 0);
  }
  disk->current[0][30] ^= 0x55;  // a byte of the first header's name
  {
    auto pool = test::memory_pool(disk);
    CHECK(pool->find("/x.db") == -1);
    CHECK(pool->find("/y.db") == 1);
  }
  // Two slots claiming one name (a crash between two header writes): sequence 1 and 2.
  auto older = std::make_shared<Disk>(1);
  test::memory_pool(older)->create("/y.db", 0);
  auto later = std::make_shared<Disk>(1);
  {
    auto p = test::memory_pool(later);
    p->create("/q", 0);
    p->remove("/q");
    p->create("/y.db", 0);
  }
  auto both = std::make_shared<Disk>(2);
  both->current = {later->current[0], older->current[0]};
  auto pool = test::memory_pool(both);
  CHECK(pool->find("/y.db") == 0);
  CHECK(pool->names().size() == 1);
  both->current = {older->current[0], later->current[0]};
  CHECK(test::memory_pool(both)->find("/y.db") == 1);
}

TEST_CASE("a full pool refuses a new file with SQLITE_CANTOPEN", "[pool]") {
  auto disk = std::make_shared<Disk>(2);
  auto pool = test::memory_pool(disk);
  pool->create("/a", 0);
  pool->create("/b", 0);
  try {
    pool->create("/c", 0);
    FAIL("a third file fit in a pool of two");
  } catch (const Error& e) {
    CHECK(e.sqlite_code() == SQLITE_CANTOPEN);
    CHECK(e.message().find("/c") != std::string::npos);
  }
}

TEST_CASE("a database in pooled files survives a restart", "[pool]") {
  for (const std::string mode : {"DELETE", "TRUNCATE", "PERSIST", "WAL"}) {
    DYNAMIC_SECTION("journal_mode " << mode) {
      auto disk = fresh_disk();
      {
        store::PoolVfs vfs(next_vfs_name(), test::memory_pool(disk));
        Engine engine("/t.db", pool_options(vfs, mode));
        CHECK(import_batches(engine, 1) == kBatches);
        CHECK(engine.count({}) == kBatch * kBatches);
      }
      const Reopened r = reopen(restarted(*disk, false), mode);
      CHECK(r.integrity == "ok");
      CHECK(r.count == kBatch * kBatches);
    }
  }
}

TEST_CASE("a worker stopped at any point of an import leaves a sound database with every committed batch",
          "[pool][crash]") {
  for (const std::string mode : {"DELETE", "TRUNCATE", "PERSIST", "WAL"}) {
    DYNAMIC_SECTION("journal_mode " << mode) {
      // How many calls a whole import makes, to spread the stopping points over it.
      int64_t total_ops = 0;
      {
        auto disk = fresh_disk();
        disk->ops_left = 1'000'000'000;
        store::PoolVfs vfs(next_vfs_name(), test::memory_pool(disk));
        Engine engine("/t.db", pool_options(vfs, mode));
        const int64_t before = disk->ops_left;
        import_batches(engine, 2);
        total_ops = before - disk->ops_left;
      }
      REQUIRE(total_ops >= 2 * kBatches);  // at least a write and a flush per commit
      int hot = 0;
      for (int point = 1; point <= 40; ++point) {
        auto disk = fresh_disk();
        int committed = 0;
        {
          store::PoolVfs vfs(next_vfs_name(), test::memory_pool(disk));
          Engine engine("/t.db", pool_options(vfs, mode));
          disk->ops_left = total_ops * point / 41;
          committed = import_batches(engine, 2);
        }
        INFO("stopped after " << total_ops * point / 41 << " of " << total_ops << " calls");
        const auto after = restarted(*disk, false);
        if (has_hot_journal(after)) ++hot;
        const Reopened r = reopen(after, mode);
        CHECK(r.integrity == "ok");
        CHECK(r.count >= committed * kBatch);
        CHECK(r.count % kBatch == 0);  // whole batches only
        CHECK(r.count <= (committed + 1) * kBatch);
      }
      CHECK(hot > 0);  // some stops left a journal to roll back (or a WAL to replay)
    }
  }
}

TEST_CASE("a power cut (writes since the last flush lost) leaves a sound database", "[pool][crash]") {
  for (const std::string mode : {"DELETE", "TRUNCATE", "PERSIST"}) {
    DYNAMIC_SECTION("journal_mode " << mode) {
      for (int point = 1; point <= 24; ++point) {
        auto disk = fresh_disk();
        int committed = 0;
        {
          store::PoolVfs vfs(next_vfs_name(), test::memory_pool(disk));
          Engine engine("/t.db", pool_options(vfs, mode));
          disk->ops_left = 40 * point;
          committed = import_batches(engine, 3);
        }
        const Reopened r = reopen(restarted(*disk, true), mode);
        CHECK(r.integrity == "ok");
        // synchronous=NORMAL: DELETE and PERSIST make a batch durable before its commit returns;
        // TRUNCATE does not flush the emptied journal, so a power cut may undo the last batch.
        const int durable = mode == "TRUNCATE" ? committed - 1 : committed;
        CHECK(r.count >= durable * kBatch);
        CHECK(r.count % kBatch == 0);
      }
    }
  }
}

TEST_CASE("a full storage quota fails the import clearly and keeps every committed batch", "[pool][quota]") {
  auto disk = fresh_disk();
  store::PoolVfs vfs(next_vfs_name(), test::memory_pool(disk));
  Engine engine("/t.db", pool_options(vfs, "TRUNCATE"));
  int committed = 0;
  Error failure(Errc::internal, "none");
  try {
    auto session = engine.begin_import({.file_name = "q.jsonl", .batch_size = kBatch});
    for (int b = 0; b < kBatches; ++b) {
      session->feed(test::random_spans_jsonl(400 + static_cast<uint64_t>(b), kBatch));
      committed = b + 1;
      if (b == 0) disk->quota = disk->used() + 3 * 4096;  // room for a few pages, not a batch
    }
    session->finish();
  } catch (const Error& e) {
    failure = e;
  }
  REQUIRE(committed >= 1);
  REQUIRE(committed < kBatches);
  CHECK(failure.code() == Errc::storage);
  CHECK((failure.sqlite_code() & 0xFF) == SQLITE_FULL);
  CHECK(failure.message().find("quota") != std::string::npos);
  CHECK(engine.count({}) == committed * kBatch);
  CHECK(test::integrity(engine) == "ok");
  // With room again, the same connection goes on.
  disk->quota = -1;
  CHECK(import_batches(engine, 9) == kBatches);
  CHECK(engine.count({}) == (committed + kBatches) * kBatch);
}

TEST_CASE("a database that cannot be created for want of quota fails to open, saying so", "[pool][quota]") {
  auto disk = fresh_disk();
  disk->quota = 6000;  // a header, not a database page
  store::PoolVfs vfs(next_vfs_name(), test::memory_pool(disk));
  try {
    Engine engine("/t.db", pool_options(vfs, "PERSIST"));
    FAIL("the database opened without room for a page");
  } catch (const Error& e) {
    CHECK(e.code() == Errc::storage);
    CHECK((e.sqlite_code() & 0xFF) == SQLITE_FULL);
    CHECK(e.message().find("quota") != std::string::npos);
  }
}

}  // namespace test_pool_vfs
